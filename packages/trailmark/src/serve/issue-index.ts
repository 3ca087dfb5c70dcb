import type { GithubClient, GithubIssue } from '@trailmark/github';
import { ESCALATION_LABEL, findMarkers } from '@trailmark/trace';

/** How far before the newest `updated_at` seen an incremental listing starts (GitHub's lag). */
export const INDEX_OVERLAP_MS = 60_000;

/**
 * serve's memory of the open issues with its label, per repository, so that escalating a
 * fingerprint the store has no issue for costs one incremental listing, not a search and a
 * listing of every open issue. The first lookup of a repository lists all its open labelled
 * issues; later ones list those updated since the newest `updated_at` seen minus
 * {@link INDEX_OVERLAP_MS}. Every lookup waits for a listing that began after it was asked, so an
 * issue another process opened before the lookup is found; lookups arriving while a listing runs
 * share the next one. Closed issues drop out of the open listing but not of this memory: a caller
 * reads an issue (`getIssue`) before it comments, and {@link OpenIssueIndex.drop}s a closed one.
 */
export interface OpenIssueIndex {
  /** The open issues of `owner/repo` whose body carries `fingerprint`'s marker, by number. */
  lookup(
    client: GithubClient,
    owner: string,
    repo: string,
    fingerprint: string,
  ): Promise<GithubIssue[]>;
  /** Remembers an issue serve itself opened (at once: no listing needed to find it). */
  add(owner: string, repo: string, issue: GithubIssue): void;
  /** Forgets an issue found closed. */
  drop(owner: string, repo: string, number: number): void;
}

interface RepoIndex {
  issues: Map<number, GithubIssue>;
  /** Fingerprint (lowercase) → numbers of the issues whose body marks it. */
  byFingerprint: Map<string, Set<number>>;
  /** The newest `updated_at` a listing returned (ms), `undefined` before the first listing. */
  newest: number | undefined;
  /** The listing running now. */
  running: Promise<void> | undefined;
  /** The listing queued behind it, shared by every lookup that arrived meanwhile. */
  queued: Promise<void> | undefined;
}

/** A new, empty index of the open issues labelled `label` (trace's `trailmark` label by default). */
export function createOpenIssueIndex(
  label = ESCALATION_LABEL,
  overlapMs = INDEX_OVERLAP_MS,
): OpenIssueIndex {
  const repos = new Map<string, RepoIndex>();
  const repoOf = (owner: string, repo: string): RepoIndex => {
    const key = `${owner}/${repo}`.toLowerCase();
    let entry = repos.get(key);
    if (entry === undefined) {
      entry = {
        issues: new Map(),
        byFingerprint: new Map(),
        newest: undefined,
        running: undefined,
        queued: undefined,
      };
      repos.set(key, entry);
    }
    return entry;
  };

  const list = async (client: GithubClient, owner: string, repo: string, entry: RepoIndex) => {
    const since =
      entry.newest === undefined
        ? undefined
        : new Date(entry.newest - overlapMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const listed = await client.listOpenIssuesSince(owner, repo, {
      label,
      ...(since === undefined ? {} : { since }),
    });
    for (const { updatedAt, ...issue } of listed) {
      put(entry, issue);
      const at = Date.parse(updatedAt);
      if (entry.newest === undefined || at > entry.newest) entry.newest = at;
    }
    // After an empty listing the next is a full one again (cheap while there is nothing): the
    // watermark only ever comes from GitHub's clock.
  };

  // A listing that starts after every caller so far: the queued one, else a new one.
  const refresh = (client: GithubClient, owner: string, repo: string): Promise<void> => {
    const entry = repoOf(owner, repo);
    if (entry.queued !== undefined) return entry.queued;
    const start = (): Promise<void> => {
      entry.queued = undefined;
      const run = list(client, owner, repo, entry).finally(() => {
        entry.running = undefined;
      });
      entry.running = run;
      return run;
    };
    if (entry.running === undefined) return start();
    const next = entry.running.then(start, start);
    entry.queued = next;
    return next;
  };

  return {
    async lookup(client, owner, repo, fingerprint) {
      await refresh(client, owner, repo);
      const entry = repoOf(owner, repo);
      const numbers = [...(entry.byFingerprint.get(fingerprint.toLowerCase()) ?? [])];
      return numbers
        .sort((a, b) => a - b)
        .flatMap((number) => {
          const issue = entry.issues.get(number);
          return issue === undefined ? [] : [issue];
        });
    },
    add(owner, repo, issue) {
      put(repoOf(owner, repo), issue);
    },
    drop(owner, repo, number) {
      remove(repoOf(owner, repo), number);
    },
  };
}

function put(entry: RepoIndex, issue: GithubIssue): void {
  remove(entry, issue.number);
  if (issue.state !== 'open') return;
  entry.issues.set(issue.number, issue);
  for (const fingerprint of findMarkers(issue.body)) {
    const numbers = entry.byFingerprint.get(fingerprint) ?? new Set<number>();
    numbers.add(issue.number);
    entry.byFingerprint.set(fingerprint, numbers);
  }
}

function remove(entry: RepoIndex, number: number): void {
  const old = entry.issues.get(number);
  if (old === undefined) return;
  entry.issues.delete(number);
  for (const fingerprint of findMarkers(old.body)) {
    const numbers = entry.byFingerprint.get(fingerprint);
    numbers?.delete(number);
    if (numbers?.size === 0) entry.byFingerprint.delete(fingerprint);
  }
}
