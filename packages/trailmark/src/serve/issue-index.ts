import type { GithubClient, GithubIssue } from '@trailmark/github';
import { ESCALATION_LABEL, findMarkers } from '@trailmark/trace';
import { createListingSchedule, type ListingSchedule } from './listing-schedule.js';

/** How far before the newest `updated_at` seen an incremental listing starts (GitHub's lag). */
export const INDEX_OVERLAP_MS = 5_000;

/** Least time between the starts of two listings of one repository. */
export const INDEX_MIN_GAP_MS = 1_000;

/**
 * serve's memory of the open issues with its label, per repository, so that escalating a
 * fingerprint the store has no issue for costs a share of one incremental listing, not a search
 * and a listing of every open issue. The first lookup of a repository lists all its open labelled
 * issues; later ones list those updated since the newest `updated_at` a listing returned (GitHub's
 * clock) minus {@link INDEX_OVERLAP_MS}. Every lookup waits for a listing that began after it was
 * asked, so an issue another process opened before the lookup is found; listings run one at a
 * time, at least {@link INDEX_MIN_GAP_MS} apart, and every lookup that arrives meanwhile shares
 * the next one. Issues serve opens or reads open are put in at once. Closed issues drop out of the
 * open listing but not of this memory: a caller reads an issue (`getIssue`) before it comments,
 * and {@link OpenIssueIndex.drop}s a closed one.
 */
export interface OpenIssueIndex {
  /** The open issues of `owner/repo` whose body carries `fingerprint`'s marker, by number. */
  lookup(
    client: GithubClient,
    owner: string,
    repo: string,
    fingerprint: string,
  ): Promise<GithubIssue[]>;
  /** Remembers an issue serve itself opened or read (at once: no listing needed to find it). */
  add(owner: string, repo: string, issue: GithubIssue): void;
  /** Forgets an issue found closed. */
  drop(owner: string, repo: string, number: number): void;
}

/** Options of {@link createOpenIssueIndex}. */
export interface OpenIssueIndexOptions {
  /** The label listed (trace's `trailmark` label by default). */
  label?: string;
  overlapMs?: number;
  minGapMs?: number;
  /** The local clock the gap is measured on. */
  now?: () => number;
}

interface RepoIndex {
  issues: Map<number, GithubIssue>;
  /** Fingerprint (lowercase) → numbers of the issues whose body marks it. */
  byFingerprint: Map<string, Set<number>>;
  /** `updated_at` of each issue as last listed: an issue listed again unchanged is not re-read. */
  listedAt: Map<number, string>;
  /** The newest `updated_at` a listing returned (ms), `undefined` before the first listing. */
  newest: number | undefined;
  /** The client the next listing uses (the latest lookup's: each job has its own). */
  client: GithubClient | undefined;
  schedule: ListingSchedule;
}

/** A new, empty index of the open labelled issues (see {@link OpenIssueIndex}). */
export function createOpenIssueIndex(options: OpenIssueIndexOptions = {}): OpenIssueIndex {
  const label = options.label ?? ESCALATION_LABEL;
  const overlapMs = options.overlapMs ?? INDEX_OVERLAP_MS;
  const repos = new Map<string, RepoIndex>();
  const repoOf = (owner: string, repo: string): RepoIndex => {
    const key = `${owner}/${repo}`.toLowerCase();
    let entry = repos.get(key);
    if (entry === undefined) {
      const created: RepoIndex = {
        issues: new Map(),
        byFingerprint: new Map(),
        listedAt: new Map(),
        newest: undefined,
        client: undefined,
        schedule: createListingSchedule(() => list(owner, repo, created), {
          minGapMs: options.minGapMs ?? INDEX_MIN_GAP_MS,
          ...(options.now === undefined ? {} : { now: options.now }),
        }),
      };
      entry = created;
      repos.set(key, entry);
    }
    return entry;
  };

  const list = async (owner: string, repo: string, entry: RepoIndex): Promise<void> => {
    const { client } = entry;
    if (client === undefined) throw new Error('no GitHub client to list issues with');
    const since =
      entry.newest === undefined
        ? undefined
        : new Date(entry.newest - overlapMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const listed = await client.listOpenIssuesSince(owner, repo, {
      label,
      ...(since === undefined ? {} : { since }),
    });
    for (const { updatedAt, ...issue } of listed) {
      if (entry.listedAt.get(issue.number) !== updatedAt || !entry.issues.has(issue.number)) {
        put(entry, issue);
        entry.listedAt.set(issue.number, updatedAt);
      }
      const at = Date.parse(updatedAt);
      if (entry.newest === undefined || at > entry.newest) entry.newest = at;
    }
    // After an empty first listing the next is a full one again (cheap while there is nothing):
    // the watermark only ever comes from GitHub's clock, never from serve's own writes.
  };

  return {
    async lookup(client, owner, repo, fingerprint) {
      const entry = repoOf(owner, repo);
      entry.client = client;
      await entry.schedule.next();
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
