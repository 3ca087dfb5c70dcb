import { sha256Hex, toCanonicalJson } from '@trailmark/core';
import type { FakeGithub } from '@trailmark/testing';
import { postAlerts } from '../serve-process.js';

// What the serve crash tests share: numbered Falco alerts, a concurrent burst of them, and the
// exactly-once count of their markers on the fake GitHub API.

/** The Falco rules a burst cycles through: one fingerprint (issue) per rule and pod. */
export const BURST_RULES = [
  'Terminal shell in container',
  'Read sensitive file untrusted',
  'Launch Package Management Process in Container',
] as const;

/**
 * Alert `n` of a burst: a falcosidekick payload with the producer id `<prefix>-<n>`, its rule
 * the `n`th of `rules` (cyclically; one incident fingerprint per rule).
 */
export function burstAlert(
  prefix: string,
  n: number,
  pod: string,
  rules: readonly string[] = BURST_RULES,
): string {
  return JSON.stringify({
    uuid: `${prefix}-${String(n)}`,
    rule: rules[n % rules.length],
    priority: 'Notice',
    output: `event ${String(n)}`,
    source: 'syscall',
    time: '2024-03-06T08:40:02.164811529Z',
    output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': pod, 'container.name': 'shop' },
  });
}

/**
 * The job id serve gives alert `n` of {@link burstAlert}: sha256 over its format and producer id
 * (a Falco event with a uuid reads as falcosidekick's payload, as the parser detects it).
 */
export function burstJobId(prefix: string, n: number): string {
  return `sha256:${sha256Hex(toCanonicalJson({ format: 'falcosidekick', id: `${prefix}-${String(n)}` }))}`;
}

/** Options of {@link sendBurst}. */
export interface BurstOptions {
  /** Servers to post to: request `i` goes to `urls[i % urls.length]`, then the next on failure. */
  urls: () => readonly string[];
  alerts: number;
  perRequest: number;
  /** Concurrent senders. */
  senders: number;
  body: (n: number) => string;
  headers: Record<string, string>;
  /** Called after every answer with the alerts acknowledged so far (e.g. to kill a server). */
  afterAnswer?: (acked: ReadonlySet<number>) => Promise<void>;
  /** Servers tried per request before giving it up (default 1: no failover). */
  tries?: number;
}

/** What a burst did: the alerts sent in some request, and those answered 202 (by which server). */
export interface BurstResult {
  tried: Set<number>;
  acked: Set<number>;
  /** Requests answered 202, per server URL. */
  ackedBy: Map<string, number>;
}

/**
 * Posts alerts `0 … alerts-1` in requests of `perRequest` from `senders` concurrent loops. A
 * request that gets no answer (the server was killed) or a non-202 is tried on the next server
 * (up to `tries`), as a load balancer in front of replicas would.
 */
export async function sendBurst(options: BurstOptions): Promise<BurstResult> {
  const tried = new Set<number>();
  const acked = new Set<number>();
  const ackedBy = new Map<string, number>();
  let next = 0;
  let request = 0;
  const sender = async (): Promise<void> => {
    while (next < options.alerts) {
      const from = next;
      next += options.perRequest;
      const numbers = Array.from(
        { length: Math.min(options.perRequest, options.alerts - from) },
        (_, i) => from + i,
      );
      for (const n of numbers) tried.add(n);
      const body = numbers.map(options.body).join('\n');
      const first = request++;
      for (let attempt = 0; attempt < (options.tries ?? 1); attempt++) {
        const urls = options.urls();
        const url = urls[(first + attempt) % urls.length] ?? '';
        const answer = await postAlerts(url, body, options.headers).catch(() => undefined);
        if (answer?.status === 202) {
          for (const n of numbers) acked.add(n);
          ackedBy.set(url, (ackedBy.get(url) ?? 0) + 1);
          break;
        }
      }
      await options.afterAnswer?.(acked);
    }
  };
  await Promise.all(Array.from({ length: options.senders }, () => sender()));
  return { tried, acked, ackedBy };
}

/** Every alert marker in `repo`'s issues and comments on the fake, with how often it appears. */
export function alertMarkers(github: FakeGithub, repo: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of github.issues(repo))
    for (const text of [issue.body, ...issue.comments])
      for (const match of text.matchAll(/<!-- trailmark:alert (sha256:[0-9a-f]{64}) -->/g))
        counts.set(match[1] ?? '', (counts.get(match[1] ?? '') ?? 0) + 1);
  return counts;
}

/** Issues and comments posted to `repo` on the fake (cheap: no body is scanned). */
export function postedCount(github: FakeGithub, repo: string): number {
  return github.issues(repo).reduce((sum, issue) => sum + 1 + issue.comments.length, 0);
}

/** The fingerprints of `repo`'s issues that more than one issue carries. */
export function fingerprintsWithSeveralIssues(github: FakeGithub, repo: string): string[] {
  const counts = new Map<string, number>();
  for (const issue of github.issues(repo)) {
    const fingerprint = /<!-- trailmark:fingerprint (sha256:[0-9a-f]{64}) -->/.exec(
      issue.body,
    )?.[1];
    counts.set(fingerprint ?? 'none', (counts.get(fingerprint ?? 'none') ?? 0) + 1);
  }
  return [...counts].filter(([, count]) => count > 1).map(([fingerprint]) => fingerprint);
}

/**
 * The exactly-once verdict: alerts answered 202 whose marker is missing, markers seen more than
 * once, and markers of alerts never sent.
 */
export function exactlyOnce(
  seen: ReadonlyMap<string, number>,
  result: BurstResult,
  jobId: (n: number) => string,
): { missing: number[]; twice: [string, number][]; unknown: string[] } {
  const known = new Set([...result.tried].map(jobId));
  return {
    missing: [...result.acked].filter((n) => !seen.has(jobId(n))),
    twice: [...seen].filter(([, count]) => count > 1),
    unknown: [...seen.keys()].filter((id) => !known.has(id)),
  };
}
