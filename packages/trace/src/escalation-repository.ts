import { scrubSecrets, type Incident } from '@trailmark/core';

/** A GitHub repository by owner and name. */
export interface GithubRepository {
  owner: string;
  repo: string;
}

/** Where an incident's issue goes, or why it has nowhere to go. */
export type RepositoryChoice =
  | { repository: GithubRepository; from: 'origin' | 'deployer' }
  | { repository: undefined; reason: string };

// GitHub's own rules: owners are 1–39 of [A-Za-z0-9-] not starting with `-`; names [A-Za-z0-9._-].
const OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The GitHub repository a URL names: `https://HOST/owner/repo[.git][/…]` or `git@HOST:owner/repo`,
 * where HOST is one of `hosts` (lowercase, e.g. `github.com` or a GitHub Enterprise host).
 * Undefined for any other host or shape. Credentials in the URL are ignored, never returned.
 */
export function githubRepositoryOf(
  url: string,
  hosts: readonly string[],
): GithubRepository | undefined {
  const scp = /^(?:[^@/\s]+@)?([^@:/\s]+):(?!\/\/)([^\s]+)$/.exec(url.trim());
  let host: string;
  let path: string;
  if (scp !== null) {
    host = (scp[1] ?? '').toLowerCase();
    path = scp[2] ?? '';
  } else {
    let parsed: URL;
    try {
      parsed = new URL(url.trim());
    } catch {
      // Not a URL: not a GitHub repository.
      return undefined;
    }
    if (!['https:', 'http:', 'ssh:', 'git+ssh:', 'git:'].includes(parsed.protocol))
      return undefined;
    host = parsed.hostname.toLowerCase();
    path = parsed.pathname;
  }
  if (!hosts.includes(host)) return undefined;
  const [owner = '', name = ''] = path.replace(/^\/+/, '').split('/');
  const repo = name.replace(/\.git$/, '');
  return OWNER.test(owner) && NAME.test(repo) && repo !== '.' && repo !== '..'
    ? { owner, repo }
    : undefined;
}

/**
 * The repository an incident is escalated to: its origin's (the template's source repository),
 * else the deployer's; otherwise the reason there is none, for the dry run to show.
 */
export function chooseRepository(incident: Incident, hosts: readonly string[]): RepositoryChoice {
  const origin = incident.origin?.repository;
  const deployer = incident.deployer?.repository;
  if (origin !== undefined) {
    const repository = githubRepositoryOf(origin, hosts);
    if (repository !== undefined) return { repository, from: 'origin' };
  }
  if (deployer !== undefined) {
    const repository = githubRepositoryOf(deployer, hosts);
    if (repository !== undefined) return { repository, from: 'deployer' };
  }
  const named = origin ?? deployer;
  // The URL comes from annotations (attacker-controlled when only claimed): scrubbed, cut short.
  if (named !== undefined) {
    const shown = scrubSecrets(named).slice(0, 200);
    return {
      repository: undefined,
      reason: `${shown} is not a repository on ${hosts.join(' or ')}`,
    };
  }
  if (incident.origin === undefined)
    return { repository: undefined, reason: 'the incident has no origin (unattributed workload)' };
  return { repository: undefined, reason: 'the origin names no repository' };
}
