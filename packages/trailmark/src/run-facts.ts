import type { RunFacts } from '@trailmark/core';
import type { RepoFacts } from '@trailmark/git';
import type { GithubRun } from './config.js';

/** Flags that override what git and the CI environment say. */
export interface RunFlags {
  repo?: string;
  commit?: string;
  environment?: string;
  buildUrl?: string;
  operator?: string;
  approvers?: readonly string[];
}

/** A process environment, as a value (the facade's config reads it; see `config.ts`). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Run facts, by precedence: flags, then the GitHub Actions run (`githubRunOf`), then git. Nothing
 * is invented: a fact no source knows is left out.
 */
export function resolveRunFacts(
  flags: RunFlags,
  github: GithubRun,
  git: RepoFacts | undefined,
): RunFacts {
  const server = github.serverUrl.replace(/\/+$/, '');
  const repository = github.repository;
  const uri = flags.repo ?? (repository ? `${server}/${repository}` : git?.remoteUrl);
  const commit = flags.commit ?? github.commit ?? git?.commit;
  const ref = github.ref ?? git?.ref;
  const runUrl = flags.buildUrl ?? githubRunUrl(server, github);
  const workflow = github.workflowRef;
  const actor = flags.operator ?? github.triggeringActor ?? github.actor;
  return {
    ...(uri || commit || ref ? { repository: compact({ uri, commit, ref }) } : {}),
    ...(flags.environment ? { environment: flags.environment } : {}),
    ...(runUrl || workflow ? { build: compact({ runUrl, workflow }) } : {}),
    ...(actor
      ? {
          operator: compact({ id: actor, workflowRef: flags.operator ? undefined : workflow }) as {
            id: string;
          },
        }
      : {}),
    approvers: [...new Set(flags.approvers ?? [])].sort(),
  };
}

function githubRunUrl(server: string, github: GithubRun): string | undefined {
  const { repository: repo, runId: run, runAttempt: attempt } = github;
  if (!repo || !run) return undefined;
  return `${server}/${repo}/actions/runs/${run}${attempt ? `/attempts/${attempt}` : ''}`;
}

/**
 * Base of permalinks to files at the commit, for hosts whose URL layout is known (GitHub and
 * GitHub Enterprise, GitLab); undefined elsewhere rather than a guessed link.
 */
export function permalinkBase(
  uri: string | undefined,
  commit: string | undefined,
  github: Pick<GithubRun, 'serverUrl'>,
): string | undefined {
  if (!uri || !commit) return undefined;
  const host = hostOf(uri);
  const githubHosts = new Set(['github.com', hostOf(github.serverUrl)]);
  if (host && githubHosts.has(host)) return `${uri}/blob/${commit}`;
  if (host?.startsWith('gitlab.')) return `${uri}/-/blob/${commit}`;
  return undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

function compact<T extends Record<string, string | undefined>>(
  value: T,
): { [K in keyof T]?: string } {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== ''),
  ) as { [K in keyof T]?: string };
}
