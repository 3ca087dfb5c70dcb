import { describe, expect, it } from 'vitest';
import { alertMarkerOf } from '../../src/serve/alert-marker.js';
import { FINGERPRINT } from '../escalate-incident.js';
import { useGithubJobHarness } from './github-job-harness.js';

// The remembered issue of a fingerprint closed by someone: the next alert opens a new issue that
// names the closed one, and is remembered instead — also when a crash came in between.

const JOB = `sha256:${'4d'.repeat(32)}`;
const NEXT = `sha256:${'5e'.repeat(32)}`;
const LATER = `sha256:${'6f'.repeat(32)}`;
const h = useGithubJobHarness({ indexPerJob: true });
const { send } = h;
/** Closes issue `number` as a user would on GitHub. */
const close = (number: number): void => {
  const issue = h.github.issues('acme/shop').find((candidate) => candidate.number === number);
  if (issue === undefined) throw new Error(`no issue #${String(number)}`);
  issue.state = 'closed';
};

describe('escalateJobToGithub: the remembered issue was closed', () => {
  it('opens a new issue naming the closed one, remembers it, and comments there next', async () => {
    expect((await send(JOB, 1)).outcome).toBe('created');
    close(1);
    const next = await send(NEXT, 1);
    expect(next.outcome).toBe('created');
    const [first, second] = h.github.issues('acme/shop');
    expect(first?.comments).toEqual([]);
    expect(second?.body).toMatch(/^Previously reported in #1 \(closed\)\./);
    expect(second?.body).toContain(alertMarkerOf(NEXT));
    expect(await h.outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#2');
    expect((await send(LATER, 1)).outcome).toBe('commented');
    expect(h.github.issues('acme/shop')[1]?.comments[0]).toContain(alertMarkerOf(LATER));
    expect(h.github.issues('acme/shop')).toHaveLength(2);
  });

  it('claimed again after opening the successor but before remembering it: sends nothing', async () => {
    await send(JOB, 1);
    close(1);
    await send(NEXT, 1);
    // The crash came before "ref stored": the outbox still names the closed issue.
    await h.outbox.setGroupRef(FINGERPRINT, 'acme/shop#1');
    h.github.indexSearch();
    const again = await send(NEXT, 2);
    expect(again.outcome).toBe('already');
    expect(h.github.issues('acme/shop')).toHaveLength(2);
    expect(await h.outbox.getGroupRef(FINGERPRINT)).toBe('acme/shop#2');
  });
});
