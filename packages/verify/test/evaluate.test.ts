import { describe, expect, it } from 'vitest';
import { defaultPolicy, evaluate } from '../src/index.js';
import { deploy, snapshotOf } from './helpers/cluster.js';
import { releaseEvidence, stampedObjects } from './helpers/release.js';

const NOW = new Date('2024-03-12T09:00:00Z');

describe('evaluate: a release deployed as signed', () => {
  it('attributes every workload and passes', () => {
    const report = evaluate({
      snapshot: snapshotOf(deploy(stampedObjects(1))),
      evidence: [releaseEvidence(1)],
      policy: defaultPolicy(),
      now: NOW,
    });
    console.log(
      JSON.stringify(
        report.workloads.map((w) => [
          w.kind,
          w.name,
          w.attribution,
          w.risky,
          w.findings.map((f) => f.message),
          w.risks.map(
            (r) => `${r.kind}:${r.detail}:${r.risky}:${r.at?.path ?? ''}:${r.at?.line ?? ''}`,
          ),
        ]),
        null,
        1,
      ),
    );
    expect(report.verdict).toBe('pass');
  });
});
