import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';
import { readActionYml } from './runner-env.js';

// A pipeline author copies the workflows of docs/action.md and the README as they are. Every
// snippet that uses the Action must parse, name it by a reference that resolves (OWNER/trailmark/
// action@ a major tag, a release tag or a commit SHA), pass only inputs action.yml declares, and —
// for whole workflows — ask for the permissions and earlier steps its inputs need.

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}

const DOCS = ['docs/action.md', 'README.md'];
const REF = /^OWNER\/trailmark\/action@(v\d+|v\d+\.\d+\.\d+|[0-9a-f]{40})$/;

/** Every ```yaml block of a markdown file, with the line it starts on. */
function yamlBlocks(file: string): { line: number; text: string }[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const blocks: { line: number; text: string }[] = [];
  let start = -1;
  lines.forEach((line, index) => {
    if (start < 0 && /^\s*```ya?ml\s*$/.test(line)) start = index + 1;
    else if (start >= 0 && /^\s*```\s*$/.test(line)) {
      blocks.push({ line: start, text: lines.slice(start, index).join('\n') });
      start = -1;
    }
  });
  return blocks;
}

/** The steps of a snippet: a whole workflow's jobs, or a bare list of steps (one pseudo-job). */
function jobsOf(doc: unknown): { job: Job; whole: boolean }[] {
  if (Array.isArray(doc)) return [{ job: { steps: doc as Step[] }, whole: false }];
  if ((doc as Partial<Job> | null)?.steps) return [{ job: doc as Job, whole: true }];
  const jobs = (doc as { jobs?: Record<string, Job> } | null)?.jobs;
  return jobs ? Object.values(jobs).map((job) => ({ job, whole: true })) : [];
}

const snippets = DOCS.flatMap((file) =>
  yamlBlocks(file).flatMap(({ line, text }) =>
    jobsOf(parse(text)).map(({ job, whole }) => ({ where: `${file}:${line}`, job, whole })),
  ),
).filter(({ job }) => job.steps.some((step) => step.uses?.includes('trailmark/action')));

const inputs = new Set(Object.keys(readActionYml().inputs));
const truthy = (value: unknown): boolean => value === true || value === 'true';

const isUploadSarif = (step: Step): boolean =>
  step.uses?.startsWith('github/codeql-action/upload-sarif@') === true;

describe('the workflows in the docs', () => {
  it('include a whole release workflow and the key and registry variants', () => {
    expect(snippets.filter((s) => s.whole).length).toBeGreaterThanOrEqual(1);
    const withs = snippets.flatMap((s) => s.job.steps.map((step) => step.with ?? {}));
    expect(withs.some((w) => w.sign === 'key')).toBe(true);
    expect(withs.some((w) => truthy(w['push-to-registry']))).toBe(true);
  });

  it('include a whole verify workflow that uploads its SARIF file, and a live-cluster variant', () => {
    const verifies = snippets.filter((s) =>
      s.job.steps.some((step) => step.with?.command === 'verify'),
    );
    expect(verifies.some((s) => s.whole && s.job.steps.some(isUploadSarif))).toBe(true);
    const withs = verifies.flatMap((s) => s.job.steps.map((step) => step.with ?? {}));
    expect(withs.some((w) => typeof w.snapshot === 'string')).toBe(true);
    expect(withs.some((w) => w.command === 'verify' && w.snapshot === undefined)).toBe(true);
  });

  it.each(snippets)(
    '$where: references the Action by a tag or SHA and passes known inputs',
    (s) => {
      for (const step of s.job.steps.filter((st) => st.uses?.includes('trailmark/action'))) {
        expect(step.uses).toMatch(REF);
        for (const key of Object.keys(step.with ?? {})) expect(inputs, key).toContain(key);
        if (step.with?.sign === 'key') expect(step.with.key, 'sign: key needs key').toBeTruthy();
      }
    },
  );

  it.each(snippets.filter((s) => s.whole))('$where: asks for what its inputs need', (s) => {
    const steps = s.job.steps;
    const permissions = s.job.permissions ?? {};
    const action = steps.filter((step) => step.uses?.includes('trailmark/action'));
    const signs = action.filter((step) => step.with?.command !== 'verify');
    const keyless = signs.some((step) => (step.with?.sign ?? 'keyless') === 'keyless');
    if (keyless) expect(permissions['id-token']).toBe('write');
    if (action.some((step) => truthy(step.with?.['push-to-registry']))) {
      expect(permissions.packages).toBe('write');
      const login = steps.findIndex((step) => step.uses?.startsWith('docker/login-action@'));
      expect(login, 'docker/login-action before pushing').toBeGreaterThanOrEqual(0);
      expect(login).toBeLessThan(steps.findIndex((step) => action.includes(step)));
    }
    // verify: the SARIF upload needs security-events: write, uploads the file the verify step
    // wrote, and must also run after a failing verdict (the step fails, the file is there).
    const verify = action.find((step) => step.with?.command === 'verify');
    for (const upload of steps.filter(isUploadSarif)) {
      expect(permissions['security-events']).toBe('write');
      expect(verify, 'a verify step before upload-sarif').toBeDefined();
      expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(verify ?? {}));
      expect(upload.with?.sarif_file).toBe(`\${{ steps.${verify?.id ?? ''}.outputs.sarif-path }}`);
      if (truthy(verify?.with?.['fail-on-findings'] ?? true))
        expect(upload.if ?? '', 'upload-sarif runs after a failing verdict').toMatch(
          /always\(\)|!cancelled\(\)|failure\(\)/,
        );
    }
    if (verify?.with?.['github-attestations'] !== undefined)
      expect(['read', 'write']).toContain(permissions.attestations);
    // A shell redirect into a folder needs the folder first: `helm template … > rendered/x.yaml`.
    for (const run of steps.map((step) => step.run ?? '')) {
      for (const [, dir] of run.matchAll(/>\s*([\w.-]+)\/[\w.-]+\.ya?ml/g)) {
        expect(run, `mkdir before writing into ${dir}/`).toMatch(new RegExp(`mkdir -p ${dir}\\b`));
      }
    }
  });
});
