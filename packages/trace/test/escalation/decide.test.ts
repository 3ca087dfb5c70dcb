import { describe, expect, it } from 'vitest';
import { decideGithubAction, followUpBody, markerOf, planGithubEscalation } from '@trailmark/trace';
import { FINGERPRINT, incident } from './incident.js';

const OTHER = `sha256:${'cd'.repeat(32)}`;
const marked = (fingerprint: string): string => `notes\n\n${markerOf(fingerprint)}\n`;

describe('decideGithubAction', () => {
  it('creates when no issue carries the marker (search hits without it do not count)', () => {
    expect(decideGithubAction([], FINGERPRINT)).toEqual({ action: 'create' });
    expect(
      decideGithubAction(
        [
          { number: 3, state: 'open', body: `mentions ${FINGERPRINT} in text only` },
          { number: 4, state: 'open', body: marked(OTHER) },
        ],
        FINGERPRINT,
      ),
    ).toEqual({ action: 'create' });
  });

  it('comments on the open issue with the marker, the oldest when a race opened two', () => {
    expect(
      decideGithubAction(
        [
          { number: 9, state: 'open', body: marked(FINGERPRINT) },
          { number: 2, state: 'closed', body: marked(FINGERPRINT) },
          { number: 7, state: 'open', body: marked(FINGERPRINT) },
        ],
        FINGERPRINT,
      ),
    ).toEqual({ action: 'comment', number: 7 });
  });

  it('creates a new issue referencing the latest closed one when only closed issues carry it', () => {
    const action = decideGithubAction(
      [
        { number: 2, state: 'closed', body: marked(FINGERPRINT) },
        { number: 5, state: 'closed', body: marked(FINGERPRINT) },
      ],
      FINGERPRINT,
    );
    expect(action).toEqual({ action: 'create', previous: 5 });
    const plan = planGithubEscalation(incident(), { body: '# x' });
    expect(followUpBody(plan, 5)).toBe(`Previously reported in #5 (closed).\n\n${plan.body}`);
    expect(followUpBody(plan, undefined)).toBe(plan.body);
  });
});
