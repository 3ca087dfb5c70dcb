import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '@trailmark/core';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { prepareRelease, type Release } from './verify-release.js';

// A policy file instead of flags: the signing key as a trusted identity (relative to the policy
// file), failOn with ANNOTATIONS_MISMATCH, and an exception that holds — then the same exception
// past its expiry date.
const FORGED = 'StatefulSet/shop/shop-redis-master';

function policy(options: { key?: boolean; expires?: string }): string {
  return [
    'schema: https://trailmark.dev/verify-policy/v1',
    ...(options.key === false
      ? []
      : ['identities:', '  - key: ../keys/trailmark.pub # relative to this file']),
    'failOn: [ANNOTATIONS_MISMATCH, EXCEPTION_EXPIRED]',
    ...(options.expires === undefined
      ? []
      : [
          'exceptions:',
          '  - code: ANNOTATIONS_MISMATCH',
          '    workload: StatefulSet/shop/shop-redis-*',
          "    owner: '@acme/platform'",
          '    reason: owners handed over; the record is re-signed with the next release',
          `    expires: ${options.expires}`,
        ]),
    '',
  ].join('\n');
}

describe('trailmark verify --policy', () => {
  let dir: TempDir;
  let release: Release;
  beforeAll(async () => {
    dir = await createTempDir('trailmark-verify-policy-');
    release = await prepareRelease(dir.path);
    mkdirSync(join(release.repo, 'policy'));
  }, 120_000);
  afterAll(() => dir.cleanup());

  async function run(
    text: string,
    snapshot = release.tampered,
  ): Promise<{ code: number | null; report: VerifyReport; failing: string[] }> {
    writeFileSync(join(release.repo, 'policy/verify.yaml'), text);
    const result = await release.run([
      'verify',
      '--snapshot',
      snapshot,
      '--bundles',
      release.bundles,
      '--policy',
      'policy/verify.yaml',
      '--format',
      'json',
    ]);
    expect(result.stdout, result.stderr).not.toBe('');
    const report = JSON.parse(result.stdout) as VerifyReport;
    const failing = report.workloads.flatMap((w) =>
      w.findings
        .filter((f) => f.fails)
        .map((f) => `${w.kind}/${w.namespace ?? ''}/${w.name} ${f.code}`),
    );
    return { code: result.code, report, failing };
  }

  it('fails on exactly the codes of failOn, trusting the key the policy names', async () => {
    const { code, report, failing } = await run(policy({}));
    expect(code).toBe(1);
    expect(failing).toEqual([`${FORGED} ANNOTATIONS_MISMATCH`]);
    expect(report.policy).toEqual({
      file: 'policy/verify.yaml',
      failOn: ['ANNOTATIONS_MISMATCH', 'EXCEPTION_EXPIRED'],
    });
    expect(report.attestations.map((a) => a.verified)).toEqual([true]);
    // RISKY_UNATTRIBUTED is still reported, just not failing under this policy.
    const debug = report.workloads.find((w) => w.name === 'debug-shell');
    expect(debug?.findings.map((f) => f.code)).toContain('RISKY_UNATTRIBUTED');
  });

  it('without the key identity the bundle is not trusted and nothing is attributed', async () => {
    const { code, report } = await run(
      policy({ key: false }).replace('failOn: [ANNOTATIONS_MISMATCH, EXCEPTION_EXPIRED]', ''),
      release.clean,
    );
    expect(code).toBe(1);
    expect(report.attestations.map((a) => a.verified)).toEqual([false]);
    expect(report.summary.attributed).toBe(0);
    expect(report.workloads.every((w) => w.attribution !== 'verified')).toBe(true);
  });

  it('a live exception (owner, reason, expiry) suppresses the finding: exit 0', async () => {
    const { code, report, failing } = await run(policy({ expires: '2999-12-31' }));
    expect(failing).toEqual([]);
    expect(code).toBe(0);
    const finding = report.workloads
      .find((w) => `${w.kind}/${w.namespace ?? ''}/${w.name}` === FORGED)
      ?.findings.find((f) => f.code === 'ANNOTATIONS_MISMATCH');
    expect(finding?.fails).toBe(false);
    expect(finding?.exception).toEqual({
      owner: '@acme/platform',
      reason: 'owners handed over; the record is re-signed with the next release',
      expires: '2999-12-31',
      expired: false,
    });
  });

  it('the same exception past its expiry adds EXCEPTION_EXPIRED and the finding fails: exit 1', async () => {
    const { code, report, failing } = await run(policy({ expires: '2001-01-31' }));
    expect(code).toBe(1);
    expect(failing.sort()).toEqual([
      `${FORGED} ANNOTATIONS_MISMATCH`,
      `${FORGED} EXCEPTION_EXPIRED`,
    ]);
    const expired = report.workloads
      .flatMap((w) => w.findings)
      .find((f) => f.code === 'EXCEPTION_EXPIRED');
    expect(expired?.message).toContain('2001-01-31');
    expect(expired?.message).toContain('@acme/platform');
  });
});
