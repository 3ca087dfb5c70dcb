import { describe, expect, it } from 'vitest';
import { githubRunOf } from '../src/config.js';
import { permalinkBase, resolveRunFacts } from '../src/run-facts.js';

// The run facts come from the environment through the facade's config (githubRunOf).
const run = (env: Record<string, string>) => githubRunOf(env);

const SHA = '9f1c2b3a4d5e6f708192a3b4c5d6e7f809102132';
const GIT = {
  root: '/r',
  commit: 'a'.repeat(40),
  ref: 'refs/heads/main',
  remoteUrl: 'https://github.com/acme/fork',
};
const ACTIONS = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_SHA: SHA,
  GITHUB_REF: 'refs/heads/release',
  GITHUB_RUN_ID: '42',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_ACTOR: 'octocat',
  GITHUB_TRIGGERING_ACTOR: 'release-manager',
  GITHUB_WORKFLOW_REF: 'acme/shop/.github/workflows/release.yml@refs/heads/release',
};

describe('resolveRunFacts', () => {
  it('takes GitHub Actions variables over git', () => {
    expect(resolveRunFacts({}, run(ACTIONS), GIT)).toEqual({
      repository: { uri: 'https://github.com/acme/shop', commit: SHA, ref: 'refs/heads/release' },
      build: {
        runUrl: 'https://github.com/acme/shop/actions/runs/42/attempts/2',
        workflow: ACTIONS.GITHUB_WORKFLOW_REF,
      },
      operator: { id: 'release-manager', workflowRef: ACTIONS.GITHUB_WORKFLOW_REF },
      approvers: [],
    });
  });

  it('takes flags over everything', () => {
    const facts = resolveRunFacts(
      {
        repo: 'https://git.example/x',
        commit: 'b'.repeat(40),
        environment: 'prod',
        buildUrl: 'https://ci.example/1',
        operator: 'bot',
        approvers: ['zed', 'amy', 'zed'],
      },
      run(ACTIONS),
      GIT,
    );
    expect(facts.repository).toEqual({
      uri: 'https://git.example/x',
      commit: 'b'.repeat(40),
      ref: 'refs/heads/release',
    });
    expect(facts.environment).toBe('prod');
    expect(facts.build?.runUrl).toBe('https://ci.example/1');
    expect(facts.operator).toEqual({ id: 'bot' });
    expect(facts.approvers).toEqual(['amy', 'zed']);
  });

  it('falls back to git alone and invents nothing', () => {
    expect(resolveRunFacts({}, run({}), GIT)).toEqual({
      repository: { uri: GIT.remoteUrl, commit: GIT.commit, ref: GIT.ref },
      approvers: [],
    });
    expect(resolveRunFacts({}, run({}), undefined)).toEqual({ approvers: [] });
  });

  it('uses GitHub Enterprise server URLs', () => {
    const facts = resolveRunFacts(
      {},
      run({ ...ACTIONS, GITHUB_SERVER_URL: 'https://ghe.acme.example/' }),
      undefined,
    );
    expect(facts.repository?.uri).toBe('https://ghe.acme.example/acme/shop');
    expect(facts.build?.runUrl).toBe(
      'https://ghe.acme.example/acme/shop/actions/runs/42/attempts/2',
    );
  });
});

describe('permalinkBase', () => {
  it.each([
    ['https://github.com/acme/shop', {}, `https://github.com/acme/shop/blob/${SHA}`],
    [
      'https://ghe.acme.example/acme/shop',
      { GITHUB_SERVER_URL: 'https://ghe.acme.example' },
      `https://ghe.acme.example/acme/shop/blob/${SHA}`,
    ],
    ['https://gitlab.com/acme/shop', {}, `https://gitlab.com/acme/shop/-/blob/${SHA}`],
    ['https://git.example/acme/shop', {}, undefined],
  ])('%s → %s', (uri, env, expected) => {
    expect(permalinkBase(uri, SHA, run(env))).toBe(expected);
  });
});
