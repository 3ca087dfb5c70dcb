import type { Incident } from '@trailmark/core';
import type { GithubClient } from '@trailmark/github';
import {
  GITHUB_BODY_MAX,
  decideGithubAction,
  followUpBody,
  hasMarker,
  planGithubEscalation,
  type GithubEscalationPlan,
} from '@trailmark/trace';
import { alertMarkerOf, defuseAlertMarkers, hasAlertMarker } from './alert-marker.js';
import type { OpenIssueIndex } from './issue-index.js';
import type { Outbox } from './outbox-port.js';

/** A GitHub client for one job and the wait GitHub last asked it for. */
export interface GithubClientHandle {
  client: GithubClient;
  waitMs: () => number | undefined;
}

/** What sending jobs to GitHub needs. */
export interface GithubTarget {
  newClient: () => GithubClientHandle;
  /** The fingerprint → `owner/repo#N` memory. */
  refs: Pick<Outbox, 'getGroupRef' | 'setGroupRef'>;
  /** The web host of the GitHub the token belongs to (`github.com`, or an Enterprise host). */
  host: string;
  labels?: readonly string[];
  /** The open labelled issues, shared by every job (serve does not use the search API). */
  issues: OpenIssueIndex;
}

/** What sending one job to GitHub needs; `beforeWrite` runs before each issue or comment. */
export type GithubJobContext = Omit<GithubTarget, 'newClient'> & {
  client: GithubClient;
  beforeWrite?: () => Promise<void>;
};

/** What happened on GitHub. */
export interface GithubJobOutcome {
  outcome: 'created' | 'commented' | 'already' | 'skipped';
  detail: string;
}

/**
 * Escalates one job exactly once: the body carries the fingerprint marker and the alert's own
 * marker; a job claimed again after a crash (`attempts > 1`) first looks for its alert marker on
 * the fingerprint's issue and its comments. The issue of a fingerprint is remembered in the
 * outbox, so later alerts comment on it while it is open (once closed, the next alert opens a new
 * issue that names it); an unknown fingerprint is looked up in the shared index of open labelled
 * issues (no search API).
 */
export async function escalateJobToGithub(
  job: { id: string; attempts: number },
  incident: Incident,
  markdown: string,
  ctx: GithubJobContext,
): Promise<GithubJobOutcome> {
  const plan = planFor(incident, markdown, job.id, ctx);
  if (plan.repository === undefined)
    return { outcome: 'skipped', detail: plan.reason ?? 'no GitHub repository' };
  const { owner, repo } = plan.repository;
  const known = parseRef(await ctx.refs.getGroupRef(plan.fingerprint), owner, repo);
  if (job.attempts > 1) {
    const found = await findAlert(ctx, owner, repo, plan.fingerprint, job.id, known);
    if (found !== undefined) {
      if (found !== known) await ctx.refs.setGroupRef(plan.fingerprint, refOf(owner, repo, found));
      return { outcome: 'already', detail: `${refOf(owner, repo, found)} already has this alert` };
    }
  }
  // The remembered issue, unless someone closed it since: then a new one follows it.
  const remembered =
    known === undefined ? undefined : await ctx.client.getIssue(owner, repo, known);
  if (remembered?.state === 'open') ctx.issues.add(owner, repo, remembered);
  const closed = remembered !== undefined && remembered.state !== 'open' ? known : undefined;
  if (known !== undefined && closed === undefined) {
    await ctx.beforeWrite?.();
    const comment = await ctx.client.createIssueComment(owner, repo, known, plan.comment);
    return { outcome: 'commented', detail: comment.url };
  }
  // The index's candidates, read again: one may have closed since it was listed.
  const candidates = await ctx.issues.lookup(ctx.client, owner, repo, plan.fingerprint);
  const current = await Promise.all(
    candidates.map((issue) => ctx.client.getIssue(owner, repo, issue.number)),
  );
  for (const issue of current)
    if (issue.state === 'open') ctx.issues.add(owner, repo, issue);
    else ctx.issues.drop(owner, repo, issue.number);
  const action = decideGithubAction(current, plan.fingerprint);
  await ctx.beforeWrite?.();
  if (action.action === 'comment') {
    const comment = await ctx.client.createIssueComment(owner, repo, action.number, plan.comment);
    await ctx.refs.setGroupRef(plan.fingerprint, refOf(owner, repo, action.number));
    return { outcome: 'commented', detail: comment.url };
  }
  const issue = await ctx.client.createIssue(owner, repo, {
    title: plan.title,
    body: followUpBody(plan, action.previous ?? closed),
    labels: plan.labels,
  });
  ctx.issues.add(owner, repo, issue);
  await ctx.refs.setGroupRef(plan.fingerprint, refOf(owner, repo, issue.number));
  return { outcome: 'created', detail: issue.url };
}

// trace's plan, with the alert marker after the fingerprint marker (room kept under the limit).
function planFor(
  incident: Incident,
  markdown: string,
  jobId: string,
  ctx: GithubJobContext,
): GithubEscalationPlan {
  const marker = `\n${alertMarkerOf(jobId)}`;
  const options = {
    hosts: [ctx.host],
    ...(ctx.labels === undefined || ctx.labels.length === 0 ? {} : { labels: [...ctx.labels] }),
  };
  let body = defuseAlertMarkers(markdown);
  for (;;) {
    const plan = planGithubEscalation(incident, { ...options, body });
    const fits = Math.max(plan.body.length, plan.comment.length) + marker.length <= GITHUB_BODY_MAX;
    if (fits || body.length === 0)
      return { ...plan, body: `${plan.body}${marker}`, comment: `${plan.comment}${marker}` };
    body = body.slice(0, Math.max(0, body.length - marker.length - 64));
  }
}

// The issue already carrying the alert: the remembered one, else (or when it is closed: a
// crash may have come between opening its successor and remembering it) every open issue with
// the fingerprint (the index lists them afresh, so this holds right after a restart too).
async function findAlert(
  ctx: GithubJobContext,
  owner: string,
  repo: string,
  fingerprint: string,
  jobId: string,
  known: number | undefined,
): Promise<number | undefined> {
  const { client } = ctx;
  const candidates = known === undefined ? [] : [await client.getIssue(owner, repo, known)];
  if (candidates.every((issue) => issue.state !== 'open'))
    for (const issue of await ctx.issues.lookup(client, owner, repo, fingerprint))
      if (hasMarker(issue.body, fingerprint) && issue.number !== known) candidates.push(issue);
  for (const issue of candidates) {
    if (hasAlertMarker(issue.body, jobId)) return issue.number;
    const comments = await client.listIssueComments(owner, repo, issue.number);
    if (comments.some((comment) => hasAlertMarker(comment.body, jobId))) return issue.number;
  }
  return undefined;
}

function refOf(owner: string, repo: string, number: number): string {
  return `${owner}/${repo}#${String(number)}`;
}

function parseRef(ref: string | undefined, owner: string, repo: string): number | undefined {
  const match = /^([^/#]+)\/([^/#]+)#(\d+)$/.exec(ref ?? '');
  if (match === null || match[1] !== owner || match[2] !== repo) return undefined;
  return Number(match[3]);
}
