import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';
import { checkInputs, type RawInputs } from '../src/inputs.js';
import { DEFAULT_INPUTS } from './helpers.js';
import { readActionYml } from './runner-env.js';

const camel = (name: string): string =>
  name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

describe('action.yml', () => {
  const yml = readActionYml();

  it('runs dist/index.js on node24', () => {
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs src/index.ts reads, each with a description naming its constraints', () => {
    const index = readFileSync(join(REPO_ROOT, 'action/src/index.ts'), 'utf8');
    const read = [...index.matchAll(/(?:text|lines|core\.getInput)\('([a-z-]+)'/g)].map(
      (m) => m[1] ?? '',
    );
    expect([...new Set(read)].sort()).toEqual(Object.keys(yml.inputs).sort());
    expect(Object.keys(yml.inputs).map(camel).sort()).toEqual(Object.keys(DEFAULT_INPUTS).sort());
    for (const [name, input] of Object.entries(yml.inputs))
      expect((input as { description?: string }).description?.length ?? 0, name).toBeGreaterThan(
        20,
      );
  });

  it('has defaults the input rules accept (only command is required)', () => {
    expect(
      Object.entries(yml.inputs)
        .filter(([, input]) => input.required)
        .map(([name]) => name),
    ).toEqual(['command']);
    const raw = Object.fromEntries(
      Object.entries(yml.inputs).map(([name, input]) => [camel(name), input.default ?? '']),
    ) as Record<string, string>;
    const defaults = {
      ...raw,
      manifests: [],
      values: [],
      sbomPaths: [raw.sbomPaths],
      mergeSboms: [],
      bundles: [],
      githubAttestations: [],
      verifyKeys: [],
      certificateIdentity: [],
      certificateIdentityPattern: [],
      command: 'release',
      githubToken: 'token',
    } as unknown as RawInputs;
    expect(checkInputs({ ...defaults, manifests: ['rendered.yaml'] })).toMatchObject({ ok: true });
    expect(
      checkInputs({ ...defaults, command: 'verify', snapshot: 'cluster.json', bundles: ['b'] }),
    ).toMatchObject({ ok: true, inputs: { verify: { failOnFindings: true } } });
    expect(defaults).toEqual({ ...DEFAULT_INPUTS, githubToken: 'token' });
  });

  it('lists the outputs the issue asks for', () => {
    expect(Object.keys(yml.outputs)).toEqual([
      'stamped-manifests',
      'origin-path',
      'sbom-path',
      'bundle-paths',
      'attestation-ids',
      'attestation-urls',
      'verdict',
      'findings',
      'attributed',
      'workloads',
      'sarif-path',
      'report-path',
      'error-code',
    ]);
  });
});

describe('.github/workflows/trailmark.yml (dogfooding)', () => {
  const workflow = parse(
    readFileSync(join(REPO_ROOT, '.github/workflows/trailmark.yml'), 'utf8'),
  ) as {
    on: unknown;
    permissions?: Record<string, string>;
    jobs: Record<
      string,
      {
        permissions?: Record<string, string>;
        steps: { uses?: string; with?: Record<string, unknown> }[];
      }
    >;
  };

  it('is valid YAML with jobs and runs the local action on the example chart', () => {
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const local = steps.filter((s) => s.uses === './action');
    expect(local.length).toBeGreaterThan(0);
    expect(local.map((s) => String(s.with?.command))).toContain('release');
    expect(JSON.stringify(local)).toContain('charts/shop');
  });

  it('asks for the permissions the action needs', () => {
    const permissions = {
      ...workflow.permissions,
      ...Object.values(workflow.jobs)[0]?.permissions,
    };
    expect(permissions).toMatchObject({
      'id-token': 'write',
      attestations: 'write',
      contents: 'read',
      'pull-requests': 'read',
    });
  });
});
