import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GITHUB_FIXTURES,
  REPO_ROOT,
  createTempDir,
  startFakeGithub,
  startTestSigstore,
  type FakeGithub,
  type TempDir,
  type TestSigstore,
} from '@trailmark/testing';
import { statementOf } from './helpers.js';
import { inputEnv, runStep } from './runner-env.js';

// The committed bundle, run as the runner runs `runs.main`: a child `node dist/index.js` with
// INPUT_* and GITHUB_* variables, the outputs/summary/event files, keyless signing against the
// test Sigstore (OIDC endpoint on 127.0.0.1) and uploads to the fake GitHub API.
describe('action/dist/index.js on a runner', () => {
  let tmp: TempDir;
  let repo: string;
  let head: string;
  let github: FakeGithub;
  let sigstore: TestSigstore;
  let eventPath: string;

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-action-dist-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    // PR #42 was merged as HEAD; the push that merge made is the workflow's event, sent by dave.
    github = await startFakeGithub({
      pullsByCommit: {
        [`acme/shop@${head}`]: GITHUB_FIXTURES.commitPulls.map((pr) => ({
          ...pr,
          merge_commit_sha: head,
        })),
      },
    });
    sigstore = await startTestSigstore();
    eventPath = join(tmp.path, 'event.json');
    writeFileSync(
      eventPath,
      JSON.stringify({
        ref: 'refs/heads/main',
        after: head,
        sender: { login: 'dave' },
        repository: { full_name: 'acme/shop' },
      }),
    );
  });
  // Setup may have stopped early: clean up only what was started.
  afterAll(async () => {
    await (github as FakeGithub | undefined)?.stop();
    await (sigstore as TestSigstore | undefined)?.close();
    await (tmp as TempDir | undefined)?.cleanup();
  });

  const githubEnv = (): Record<string, string> => ({
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_REPOSITORY_ID: '123456789',
    GITHUB_REPOSITORY_OWNER_ID: '987654',
    GITHUB_SHA: head,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: github.url,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: tmp.path,
    ...sigstore.actionsEnv,
  });
  const step = (withValues: Record<string, string>) =>
    runStep(tmp.path, repo, { ...githubEnv(), ...inputEnv(withValues, github.token) });

  it('releases keyless: stamped manifests, SBOM, signed bundles uploaded, outputs, summary, annotations, approvers in the signed predicate', async () => {
    const run = await step({
      command: 'release',
      manifests: 'deploy/rendered/prod.yaml',
      chart: 'charts/shop',
      values: 'charts/shop/values-prod.yaml',
      environment: 'prod',
      images: `ghcr.io/acme/shop@sha256:${'4f'.repeat(32)}`,
      'fulcio-url': sigstore.fulcioURL,
      'rekor-url': sigstore.rekorURL ?? '',
      'output-dir': 'out/release',
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/^::error/m);
    // Outputs.
    expect(run.outputs['stamped-manifests']).toBe(
      join(repo, 'out/release/manifests/deploy/rendered/prod.yaml'),
    );
    expect(run.outputs['origin-path']).toBe(join(repo, 'out/release/origin.json'));
    expect(run.outputs['sbom-path']).toBe(join(repo, 'out/release/sbom.cdx.json'));
    const bundles = run.outputs['bundle-paths']?.split('\n') ?? [];
    expect(bundles.map((path) => path.slice(path.lastIndexOf('/') + 1)).sort()).toEqual([
      'deployment-origin.sigstore.json',
      'provenance.sigstore.json',
      'sbom.sigstore.json',
    ]);
    const ids = run.outputs['attestation-ids']?.split('\n') ?? [];
    expect(ids).toHaveLength(3);
    expect(run.outputs['attestation-urls']?.split('\n')).toEqual(
      ids.map((id) => `https://github.com/acme/shop/attestations/${id}`),
    );
    expect(run.outputs['error-code']).toBeUndefined();
    // Uploaded to the attestations API, and every bundle verifies against the test Sigstore.
    const uploads = github.requests.filter(
      (r) => r.method === 'POST' && r.path === '/repos/acme/shop/attestations',
    );
    expect(uploads).toHaveLength(3);
    const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot)), {
      tlogThreshold: 1,
      ctlogThreshold: 1,
      timestampThreshold: 1,
    });
    for (const path of bundles)
      verifier.verify(toSignedEntity(bundleFromJSON(JSON.parse(readFileSync(path, 'utf8')))));
    // The approvers from the fake reviews, and the pull request, are in the signed predicate.
    const deployment = statementOf(
      readFileSync(
        bundles.find((path) => path.endsWith('deployment-origin.sigstore.json')) ?? '',
        'utf8',
      ),
    );
    expect(deployment.predicateType).toBe('https://trailmark.dev/deployment-origin/v1');
    expect(deployment.predicate).toMatchObject({
      approvers: ['bob', 'carol'],
      change: { pullRequest: 42, url: 'https://github.com/acme/shop/pull/42' },
      operator: { id: 'octocat' },
      build: { runUrl: 'https://github.com/acme/shop/actions/runs/4242/attempts/1' },
    });
    // Workflow annotations on the template lines.
    expect(run.stdout).toContain(
      '::warning title=trailmark%3A no owner,file=charts/shop/templates/hpa.yaml,line=3::HorizontalPodAutoscaler shop/shop has no CODEOWNERS owner',
    );
    expect(run.stdout).toMatch(
      /::warning title=trailmark%3A external chart,file=charts\/shop\/Chart\.yaml,line=15::.*external chart redis@18\.6\.1/,
    );
    // The job summary.
    expect(run.summary).toContain('## trailmark release');
    expect(run.summary).toContain('| Approved by | @bob, @carol |');
    expect(run.summary).toContain('| Merged by | @dave |');
    expect(run.summary).toMatch(/### 17 objects stamped \(16 with owners\)/);
    expect(run.summary).toContain(
      '| Deployment shop/shop | `charts/shop/templates/deployment.yaml:2` | @acme/payments, @alice |',
    );
    expect(run.summary).toContain(
      `[${ids[0] ?? ''}](https://github.com/acme/shop/attestations/${ids[0] ?? ''})`,
    );
    // The identity token is registered with the runner, which masks it in every later line and
    // consumes the `::add-mask::` command itself (it never reaches the visible log).
    expect(run.stdout).toContain(`::add-mask::${sigstore.identityToken}`);
    const visible = run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    // No secret anywhere else.
    for (const secret of [
      github.token,
      sigstore.identityToken,
      sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ]) {
      expect(visible + run.stderr + run.summary).not.toContain(secret);
    }
  });

  it.each([
    [
      'a command that is not there yet',
      { command: 'trace' },
      /^::error title=trailmark%3A invalid input::command "trace" must be one of release, stamp, sbom, attest, verify/m,
    ],
    [
      'release without manifests',
      { command: 'release' },
      /^::error title=trailmark%3A invalid input::command release: needs manifests/m,
    ],
    [
      'sign: key without a key',
      { command: 'release', manifests: 'deploy/rendered/prod.yaml', sign: 'key' },
      /^::error title=trailmark%3A invalid input::sign: key needs key/m,
    ],
    [
      'a malformed image line',
      {
        command: 'stamp',
        manifests: 'deploy/rendered/prod.yaml',
        images: 'ghcr.io/acme/shop:latest',
      },
      /^::error title=trailmark%3A invalid input::images line 1/m,
    ],
  ])('exits 1 with ::error on %s', async (_label, withValues, message) => {
    const requests = github.requests.length;
    const run = await step({ ...withValues, 'output-dir': 'out/invalid' });
    expect(run.code).toBe(1);
    expect(github.requests).toHaveLength(requests);
    expect(run.stdout).toMatch(message);
    expect(run.outputs['error-code']).toBe('INPUT_USAGE');
  });

  it('puts ::error on the file and line of a manifest that does not parse', async () => {
    writeFileSync(
      join(repo, 'broken.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n',
    );
    const run = await step({
      command: 'stamp',
      manifests: 'broken.yaml',
      'output-dir': 'out/broken',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=trailmark%3A MANIFEST_PARSE,file=broken\.yaml,line=\d+::broken\.yaml/m,
    );
    expect(run.outputs['error-code']).toBe('MANIFEST_PARSE');
  });
});
