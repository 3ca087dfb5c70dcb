import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import {
  buildSlsaProvenance,
  buildStatement,
  subjectFromFile,
  subjectFromImage,
  type GitHubBuildContext,
} from '@trailmark/attest';

const fixture = (name: string): string =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** A push to main of acme/shop on github.com, as the OIDC token of that run would carry it. */
const SHOP: GitHubBuildContext = {
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  repositoryId: '734218905',
  repositoryOwnerId: '98127345',
  ref: 'refs/heads/main',
  sha: '51d506322feac0c217d4da7bf751ab44bbab62f1',
  eventName: 'push',
  workflowRef: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  jobWorkflowRef: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  runnerEnvironment: 'github-hosted',
  runId: '9876543210',
  runAttempt: '1',
};

describe('buildSlsaProvenance', () => {
  it('writes the statement golden byte for byte (checked by hand against actions/buildtypes workflow/v1)', () => {
    const statement = buildStatement(
      [
        subjectFromImage(
          'ghcr.io/acme/shop:3.8.1@sha256:3b6a07d0d404fab4e23b6d34bc6696a6a312dd92821332385e5af7c01c421351',
        ),
        subjectFromFile(
          'rendered/shop.yaml',
          '5f1c0e9a7d3b2c4e6f8a0b1d3c5e7f9a2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f',
        ),
        subjectFromImage(
          'docker.io/bitnami/redis:7.2.3-debian-11-r2@sha256:e4a1c2b3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f',
        ),
        subjectFromImage(
          'ghcr.io/acme/log-shipper:1.2.3@sha256:9c3f5b1e8d7a6c4b2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b',
        ),
      ],
      PREDICATE_TYPE.slsaProvenance,
      buildSlsaProvenance(SHOP),
    );
    expect(`${JSON.stringify(statement, null, 2)}\n`).toBe(fixture('slsa-statement.shop.json'));
  });

  it('reproduces actions/buildtypes workflow/v1/example.json (@9b9d4e46) from the claims behind it', () => {
    const predicate = buildSlsaProvenance({
      serverUrl: 'https://github.com',
      repository: 'octocat/hello-world',
      repositoryId: '1296269',
      repositoryOwnerId: '583231',
      ref: 'refs/heads/main',
      sha: 'c27d339ee6075c1f744c5d4b200f7901aad2c369',
      eventName: 'workflow_dispatch',
      workflowRef: 'octocat/hello-world/.github/workflow/release.yml@refs/heads/main',
      jobWorkflowRef: 'octocat/builders/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.0.0',
      runnerEnvironment: 'github-hosted',
      runId: '1536140711',
      runAttempt: '1',
    });
    // The example's predicate, key order included (the reusable workflow is the builder).
    expect(JSON.stringify(predicate)).toBe(
      '{"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1",' +
        '"externalParameters":{"workflow":{"ref":"refs/heads/main","repository":"https://github.com/octocat/hello-world","path":".github/workflow/release.yml"}},' +
        '"internalParameters":{"github":{"event_name":"workflow_dispatch","repository_id":"1296269","repository_owner_id":"583231","runner_environment":"github-hosted"}},' +
        '"resolvedDependencies":[{"uri":"git+https://github.com/octocat/hello-world@refs/heads/main","digest":{"gitCommit":"c27d339ee6075c1f744c5d4b200f7901aad2c369"}}]},' +
        '"runDetails":{"builder":{"id":"https://github.com/octocat/builders/.github/workflows/builder_go_slsa3.yml@refs/tags/v1.0.0"},' +
        '"metadata":{"invocationId":"https://github.com/octocat/hello-world/actions/runs/1536140711/attempts/1"}}}',
    );
  });

  it('keeps a tag containing "@" whole in ref and uri (actions/toolkit#1863, #1969)', () => {
    const predicate = buildSlsaProvenance({
      ...SHOP,
      ref: 'refs/tags/@acme/ui@2.0.0',
      workflowRef: 'acme/shop/.github/workflows/release.yml@refs/tags/@acme/ui@2.0.0',
    });
    expect(predicate.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/tags/@acme/ui@2.0.0',
      repository: 'https://github.com/acme/shop',
      path: '.github/workflows/release.yml',
    });
    expect(predicate.buildDefinition.resolvedDependencies[0].uri).toBe(
      'git+https://github.com/acme/shop@refs/tags/@acme/ui@2.0.0',
    );
  });

  it('uses the server of a GHE.com tenant everywhere', () => {
    const predicate = buildSlsaProvenance({ ...SHOP, serverUrl: 'https://acme.ghe.com/' });
    expect(predicate.buildDefinition.externalParameters.workflow.repository).toBe(
      'https://acme.ghe.com/acme/shop',
    );
    expect(predicate.runDetails.builder.id).toBe(
      'https://acme.ghe.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    );
    expect(predicate.runDetails.metadata.invocationId).toBe(
      'https://acme.ghe.com/acme/shop/actions/runs/9876543210/attempts/1',
    );
  });

  it('accepts a SHA-256 repository commit id', () => {
    const sha = 'f'.repeat(64);
    expect(
      buildSlsaProvenance({ ...SHOP, sha }).buildDefinition.resolvedDependencies[0].digest
        .gitCommit,
    ).toBe(sha);
  });

  it.each<[string, Partial<GitHubBuildContext>, RegExp]>([
    ['a missing claim', { jobWorkflowRef: '' }, /jobWorkflowRef \(job_workflow_ref\) is missing/],
    ['an absent claim', { runId: undefined }, /runId \(run_id\) is missing/],
    [
      'a short commit',
      { sha: '51d5063' },
      /sha "51d5063" is not a 40- or 64-character lowercase hex commit id/,
    ],
    [
      'an uppercase commit',
      { sha: SHOP.sha.toUpperCase() },
      /is not a 40- or 64-character lowercase hex/,
    ],
    [
      'a server without scheme',
      { serverUrl: 'github.com' },
      /serverUrl "github.com" is not an http\(s\) URL/,
    ],
    [
      'a workflow of another repository',
      { workflowRef: 'acme/other/.github/workflows/x.yml@refs/heads/main' },
      /workflowRef "acme\/other\/.+" is not "acme\/shop\/<path>@<ref>"/,
    ],
    [
      'a workflow without ref',
      { workflowRef: 'acme/shop/.github/workflows/release.yml' },
      /is not "acme\/shop\/<path>@<ref>"/,
    ],
  ])('rejects %s', (_, change, message) => {
    expect(() => buildSlsaProvenance({ ...SHOP, ...change })).toThrow(message);
    expect(() => buildSlsaProvenance({ ...SHOP, ...change })).toThrow(
      expect.objectContaining({ code: 'ATTEST_INVALID_PREDICATE' }),
    );
  });
});
