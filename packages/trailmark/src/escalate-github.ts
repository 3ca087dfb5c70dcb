import { scrubSecrets, TrailmarkError, type Incident, type InputErrorCode } from '@trailmark/core';
import { createGithubClient, type GithubClient, type GithubLog } from '@trailmark/github';
import {
  decideGithubAction,
  followUpBody,
  planGithubEscalation,
  type GithubEscalationPlan,
} from '@trailmark/trace';
import type { TrailmarkConfig } from './config.js';
import type { EscalateOptions, GithubEscalationResult } from './escalate-types.js';

/**
 * Escalates to the source repository's issues: the plan alone on a dry run; with `send`, finds
 * the open issue carrying the incident's marker and comments on it, or opens a new one.
 */
export async function escalateToGithub(
  incident: Incident,
  options: EscalateOptions,
  config: TrailmarkConfig,
): Promise<GithubEscalationResult> {
  // Issues go to repositories on the GitHub this run talks to (github.com, or an Enterprise host).
  const host = new URL(config.github.serverUrl).hostname.toLowerCase();
  const plan = planGithubEscalation(incident, {
    body: options.markdown,
    hosts: [host],
    ...(options.labels === undefined ? {} : { labels: [...options.labels] }),
  });
  const base = planned(plan);
  if (plan.repository === undefined) {
    const reason = plan.reason ?? 'no repository';
    return { ...base, outcome: 'skipped', reason, summary: `not escalated to GitHub: ${reason}` };
  }
  const repository = `${plan.repository.owner}/${plan.repository.repo}`;
  if (!options.send)
    return {
      ...base,
      repository,
      summary: `dry run: would open an issue in ${repository} "${plan.title}" (labels ${plan.labels.join(', ')}), or comment on the open one with fingerprint ${plan.fingerprint}; --send to send`,
    };
  const token = config.github.token;
  if (token === undefined)
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_USAGE',
      `sending to GitHub (${repository}) needs a token in GITHUB_TOKEN`,
    );
  const warnings: string[] = [];
  const client = createGithubClient({
    token,
    baseUrl: config.github.apiUrl,
    serverUrl: config.github.serverUrl,
    log: collecting(warnings, token),
    now: () => config.clock().getTime(),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });
  const sent = await send(client, plan, plan.repository, warnings);
  return { ...base, repository, ...sent, warnings };
}

type Sent = Pick<GithubEscalationResult, 'outcome' | 'summary' | 'body' | 'issueUrl'> & {
  commentUrl?: string;
};

// Search by marker, decide, then one write: a comment on the open issue or a new issue.
async function send(
  client: GithubClient,
  plan: GithubEscalationPlan,
  { owner, repo }: { owner: string; repo: string },
  warnings: string[],
): Promise<Sent> {
  const found = await client.searchIssuesByMarker(owner, repo, plan.fingerprint);
  warnings.push(...found.warnings);
  const action = decideGithubAction(found.issues, plan.fingerprint);
  if (action.action === 'comment') {
    const comment = await client.createIssueComment(owner, repo, action.number, plan.comment);
    const issueUrl = found.issues.find((issue) => issue.number === action.number)?.url;
    return {
      outcome: 'commented',
      summary: `commented on ${issueUrl ?? `${owner}/${repo}#${String(action.number)}`} (same fingerprint): ${comment.url}`,
      body: plan.comment,
      commentUrl: comment.url,
      ...(issueUrl === undefined ? {} : { issueUrl }),
    };
  }
  const body = followUpBody(plan, action.previous);
  const issue = await client.createIssue(owner, repo, {
    title: plan.title,
    body,
    labels: plan.labels,
  });
  return { outcome: 'created', summary: `opened ${issue.url}`, body, issueUrl: issue.url };
}

function planned(plan: GithubEscalationPlan): GithubEscalationResult {
  return {
    target: 'github',
    outcome: 'planned',
    summary: '',
    title: plan.title,
    labels: plan.labels,
    body: plan.body,
    fingerprint: plan.fingerprint,
    warnings: [],
  };
}

// The client's retry notes become the result's warnings (scrubbed: they quote GitHub's routes).
function collecting(warnings: string[], token: string): GithubLog {
  const keep = (message: string): void => {
    warnings.push(scrubSecrets(message, [token]));
  };
  return { debug: () => undefined, info: () => undefined, warn: keep, error: keep };
}
