import type { RunFacts } from '@trailmark/core';
import type { RepoFacts } from '@trailmark/git';

/** Flags that override what git and the CI environment say. */
export interface RunFlags {
  repo?: string;
  commit?: string;
  environment?: string;
  buildUrl?: string;
  operator?: string;
  approvers?: readonly string[];
}

/** The environment variables stamp reads (GitHub Actions' defaults). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Run facts, by precedence: flags, then GitHub Actions variables, then git. Nothing is invented:
 * a fact no source knows is left out.
 */
export function resolveRunFacts(
  flags: RunFlags,
  env: Environment,
  git: RepoFacts | undefined,
): RunFacts {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const repository = env.GITHUB_REPOSITORY;
  const uri = flags.repo ?? (repository ? `${server}/${repository}` : git?.remoteUrl);
  const commit = flags.commit ?? env.GITHUB_SHA ?? git?.commit;
  const ref = env.GITHUB_REF ?? git?.ref;
  const runUrl = flags.buildUrl ?? githubRunUrl(server, env);
  const workflow = env.GITHUB_WORKFLOW_REF;
  const actor = flags.operator ?? env.GITHUB_TRIGGERING_ACTOR ?? env.GITHUB_ACTOR;
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

function githubRunUrl(server: string, env: Environment): string | undefined {
  const { GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: attempt } = env;
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
  env: Environment,
): string | undefined {
  if (!uri || !commit) return undefined;
  const host = hostOf(uri);
  const githubHosts = new Set(['github.com', hostOf(env.GITHUB_SERVER_URL ?? '')]);
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
