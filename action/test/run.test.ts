import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  GITHUB_FIXTURES,
  REPO_ROOT,
  createTempDir,
  startFakeGithub,
  type FakeGithub,
  type TempDir,
} from '@trailmark/testing';
import { writeKeyPair } from '@trailmark/trailmark';
import type { RawInputs } from '../src/inputs.js';
import { run, type RunDeps } from '../src/main.js';
import { inputs, recordingRunner, statementOf, type RecordingRunner } from './helpers.js';

// run(inputs, deps) in-process on the example repository (a real git repo), against the fake
// GitHub API on 127.0.0.1 reached through the real octokit, signing with a local key.
describe('run (the Action without the runner)', () => {
  let tmp: TempDir;
  let repo: string;
  let head: string;
  let github: FakeGithub | undefined;
  const IMAGE = `ghcr.io/acme/shop@sha256:${'4f'.repeat(32)}`;

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-action-run-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    await writeKeyPair(join(tmp.path, 'keys'), { algorithm: 'ecdsa-p256' });
  });
  afterAll(() => tmp.cleanup());
  afterEach(async () => {
    await github?.stop();
    github = undefined;
  });

  const startGithub = () =>
    startFakeGithub({ pullsByCommit: { [`acme/shop@${head}`]: GITHUB_FIXTURES.commitPulls } });
  const deps = (
    runner: RecordingRunner,
    fake: FakeGithub | undefined,
    env: Record<string, string> = {},
  ): RunDeps => ({
    cwd: tmp.path,
    // The runner's environment: the library's config reads every GITHUB_* fact from it.
    env: {
      GITHUB_WORKSPACE: repo,
      GITHUB_API_URL: fake?.url ?? 'http://127.0.0.1:9',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: head,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTOR: 'octocat',
      GITHUB_TRIGGERING_ACTOR: 'octocat',
      GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
      GITHUB_REPOSITORY_ID: '123456789',
      GITHUB_REPOSITORY_OWNER_ID: '987654',
      GITHUB_EVENT_NAME: 'push',
      RUNNER_ENVIRONMENT: 'github-hosted',
      ...env,
    },
    identityToken: () => Promise.reject(new Error('no OIDC token in this test')),
    githubRetries: 0,
    clock: () => new Date('2026-11-29T12:00:00Z'),
    runner,
  });
  const release = (out: string, overrides: Partial<RawInputs> = {}): RawInputs =>
    inputs({
      manifests: ['deploy/rendered/prod.y?ml'],
      chart: 'charts/shop',
      values: ['charts/shop/values-prod.yaml'],
      environment: 'prod',
      images: IMAGE,
      sign: 'key',
      key: join(tmp.path, 'keys/trailmark.key'),
      githubToken: github?.token ?? '',
      outputDir: out,
      ...overrides,
    });

  it('releases: approvers from the reviews land in the origin records and the signed deployment-origin predicate', async () => {
    github = await startGithub();
    const runner = recordingRunner();
    expect(
      await run(
        release('out/release', { manifests: ['deploy/rendered/prod.yaml'] }),
        deps(runner, github),
      ),
    ).toBe(0);
    expect(runner.errors).toEqual([]);
    const origin = JSON.parse(readFileSync(join(repo, 'out/release/origin.json'), 'utf8')) as {
      approvers: string[];
      operator: { id: string };
    };
    expect(origin.approvers).toEqual(['bob', 'carol']);
    expect(origin.operator.id).toBe('octocat');
    const bundles = runner.outputs['bundle-paths']?.split('\n') ?? [];
    expect(bundles.map((path) => path.slice(path.lastIndexOf('/') + 1)).sort()).toEqual([
      'deployment-origin.sigstore.json',
      'provenance.sigstore.json',
      'sbom.sigstore.json',
    ]);
    const deployment = statementOf(
      readFileSync(
        bundles.find((path) => path.endsWith('deployment-origin.sigstore.json')) ?? '',
        'utf8',
      ),
    );
    expect(deployment.predicate).toMatchObject({
      approvers: ['bob', 'carol'],
      change: { pullRequest: 42, url: 'https://github.com/acme/shop/pull/42' },
      environment: 'prod',
    });
    expect(deployment.subject.map((s) => s.name)).toContain('ghcr.io/acme/shop');
    // Outputs, uploads and links.
    expect(runner.outputs['stamped-manifests']).toBe(
      join(repo, 'out/release/manifests/deploy/rendered/prod.yaml'),
    );
    expect(runner.outputs['sbom-path']).toBe(join(repo, 'out/release/sbom.cdx.json'));
    const uploads = github.requests.filter(
      (r) => r.method === 'POST' && r.path === '/repos/acme/shop/attestations',
    );
    expect(uploads).toHaveLength(3);
    const ids = runner.outputs['attestation-ids']?.split('\n') ?? [];
    expect(ids).toHaveLength(3);
    expect(runner.outputs['attestation-urls']?.split('\n')).toEqual(
      ids.map((id) => `https://github.com/acme/shop/attestations/${id}`),
    );
    // Annotations on the template lines, and the summary.
    expect(runner.warnings).toContainEqual({
      message: expect.stringMatching(
        /HorizontalPodAutoscaler shop\/shop has no CODEOWNERS owner/,
      ) as string,
      at: { file: 'charts/shop/templates/hpa.yaml', line: 3, title: 'trailmark: no owner' },
    });
    expect(runner.warnings).toContainEqual({
      message: expect.stringMatching(
        /StatefulSet shop\/shop-redis-master come from external chart redis@18\.6\.1/,
      ) as string,
      at: expect.objectContaining({ file: 'charts/shop/Chart.yaml', line: 15 }) as object,
    });
    const summary = runner.summaries.join('');
    expect(summary).toContain('[#42](https://github.com/acme/shop/pull/42)');
    expect(summary).toContain('| Approved by | @bob, @carol |');
    expect(summary).toMatch(/### 17 objects stamped \(16 with owners\)/);
    expect(summary).toContain(
      `[${ids[0] ?? ''}](https://github.com/acme/shop/attestations/${ids[0] ?? ''})`,
    );
    expect(summary).not.toContain(github.token);
  });

  it('degrades a token without pull-requests: read to a warning and still releases', async () => {
    github = await startGithub();
    github.failNext(403);
    const runner = recordingRunner();
    expect(
      await run(
        release('out/no-permission', { uploadAttestations: 'false' }),
        deps(runner, github),
      ),
      JSON.stringify(runner.errors),
    ).toBe(0);
    expect(runner.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/change record incomplete.*HTTP 403.*pull-requests: read/),
    );
    expect(
      (
        JSON.parse(readFileSync(join(repo, 'out/no-permission/origin.json'), 'utf8')) as {
          approvers: string[];
        }
      ).approvers,
    ).toEqual([]);
  });

  it('stamp, sbom and attest as separate steps chain through their outputs', async () => {
    github = await startGithub();
    const stampRunner = recordingRunner();
    expect(
      await run(
        release('out/steps', { command: 'stamp', sign: 'keyless', key: '' }),
        deps(stampRunner, github),
      ),
      JSON.stringify(stampRunner.errors),
    ).toBe(0);
    const sbomRunner = recordingRunner();
    const stamped = stampRunner.outputs['stamped-manifests'] ?? '';
    expect(
      await run(
        inputs({
          command: 'sbom',
          manifests: [stamped],
          chart: 'charts/shop',
          outputDir: 'out/steps',
        }),
        deps(sbomRunner, github),
      ),
    ).toBe(0);
    const attestRunner = recordingRunner();
    const attestInputs = inputs({
      command: 'attest',
      originFile: stampRunner.outputs['origin-path'] ?? '',
      sbomFile: sbomRunner.outputs['sbom-path'] ?? '',
      manifests: [stamped],
      sign: 'key',
      key: join(tmp.path, 'keys/trailmark.key'),
      uploadAttestations: 'false',
      githubToken: github.token,
      outputDir: 'out/steps',
    });
    expect(
      await run(attestInputs, deps(attestRunner, github)),
      JSON.stringify(attestRunner.errors),
    ).toBe(0);
    expect(readdirSync(join(repo, 'out/steps/attestations')).sort()).toEqual([
      'deployment-origin.sigstore.json',
      'provenance.sigstore.json',
      'sbom.sigstore.json',
    ]);
    const deployment = statementOf(
      readFileSync(join(repo, 'out/steps/attestations/deployment-origin.sigstore.json'), 'utf8'),
    );
    expect(deployment.predicate).toMatchObject({
      approvers: ['bob', 'carol'],
      change: { pullRequest: 42 },
    });
  });

  it('reports every input problem as an ::error, sets error-code and exit code 1, and writes nothing', async () => {
    const runner = recordingRunner();
    expect(
      await run(
        inputs({ command: 'release', sign: 'key', outputDir: 'out/bad' }),
        deps(runner, undefined),
      ),
    ).toBe(1);
    expect(runner.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/needs manifests/),
      expect.stringMatching(/sign: key needs key/),
    ]);
    expect(runner.outputs['error-code']).toBe('INPUT_USAGE');
    expect(existsSync(join(repo, 'out/bad'))).toBe(false);
  });

  it('points the ::error at file and line for a manifest that does not parse, and logs the cause', async () => {
    writeFileSync(
      join(repo, 'broken.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n',
    );
    const runner = recordingRunner();
    expect(
      await run(
        release('out/broken', {
          manifests: ['broken.yaml'],
          sign: 'none',
          key: '',
          chart: '',
          values: [],
          githubToken: '',
        }),
        deps(runner, undefined),
      ),
    ).toBe(1);
    expect(runner.errors).toEqual([
      {
        message: expect.stringMatching(/broken\.yaml/) as string,
        at: expect.objectContaining({
          file: 'broken.yaml',
          line: expect.any(Number) as number,
          title: 'trailmark: MANIFEST_PARSE',
        }) as object,
      },
    ]);
    expect(runner.outputs['error-code']).toBe('MANIFEST_PARSE');
  });

  it('fails with the GitHub error code when the API cannot be reached', async () => {
    const runner = recordingRunner();
    expect(
      await run(release('out/unreachable', { githubToken: 'ghs_x' }), deps(runner, undefined)),
    ).toBe(1);
    expect(runner.outputs['error-code']).toBe('GITHUB_UNREACHABLE');
    expect(runner.infos.join('\n')).toMatch(/caused by:/);
  });

  it('refuses a glob that matches nothing', async () => {
    const runner = recordingRunner();
    expect(
      await run(
        release('out/glob', {
          manifests: ['nowhere/*.yaml'],
          githubToken: '',
          sign: 'none',
          key: '',
        }),
        deps(runner, undefined),
      ),
    ).toBe(1);
    expect(runner.errors[0]?.message).toMatch(/no file matches "nowhere\/\*\.yaml"/);
    expect(runner.outputs['error-code']).toBe('INPUT_NOT_FOUND');
  });
});
