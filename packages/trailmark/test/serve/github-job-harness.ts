import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createGithubClient } from '@trailmark/github';
import { openOutbox, type Outbox } from '@trailmark/store';
import { createTempDir, startFakeGithub, type FakeGithub, type TempDir } from '@trailmark/testing';
import { escalateJobToGithub, type GithubJobContext } from '../../src/serve/github-job.js';
import { createOpenIssueIndex } from '../../src/serve/issue-index.js';
import { incident, markdownOf } from '../escalate-incident.js';

/** A fake GitHub API and a real SQLite outbox per test, and a job context over both. */
export interface GithubJobHarness {
  github: FakeGithub;
  outbox: Outbox;
  /** What a worker hands `escalateJobToGithub`: the client, the outbox and one shared index. */
  context: () => GithubJobContext;
  /** Escalates the test incident as job `id` on its `attempts`-th claim. */
  send: (id: string, attempts: number) => ReturnType<typeof escalateJobToGithub>;
}

/**
 * Called at a test file's top level: a fresh fake GitHub, outbox and open-issue index per test;
 * `indexPerJob` gives every context a new index, as after a restart.
 */
export function useGithubJobHarness(options: { indexPerJob?: boolean } = {}): GithubJobHarness {
  let dir: TempDir | undefined;
  const harness = {
    context: (): GithubJobContext => {
      return {
        client: createGithubClient({
          token: harness.github.token,
          baseUrl: harness.github.url,
          retries: 0,
        }),
        refs: harness.outbox,
        host: 'github.com',
        issues: options.indexPerJob === true ? createOpenIssueIndex() : index,
      };
    },
    send: (id: string, attempts: number) => {
      return escalateJobToGithub(
        { id, attempts },
        incident(),
        markdownOf(incident()),
        harness.context(),
      );
    },
  } as GithubJobHarness;
  let index = createOpenIssueIndex();
  beforeEach(async () => {
    index = createOpenIssueIndex();
    harness.github = await startFakeGithub();
    dir = await createTempDir('trailmark-serve-github-');
    harness.outbox = await openOutbox(`sqlite:${join(dir.path, 'outbox.db')}`);
  });
  afterEach(async () => {
    await harness.outbox.close();
    await harness.github.stop();
    await dir?.cleanup();
  });
  return harness;
}
