// trace: a runtime alert in, the workload, its origin and the evidence out (design.md §5).
export {};
// escalation planning (issue 12 item 5)
export {
  ESCALATION_LABEL,
  decideGithubAction,
  followUpBody,
  planGithubEscalation,
  planWebhook,
} from './escalation.js';
export type {
  ExistingIssue,
  GithubAction,
  GithubEscalationOptions,
  GithubEscalationPlan,
  WebhookPlan,
} from './escalation.js';
export {
  defuseMarkers,
  findMarker,
  findMarkers,
  hasMarker,
  isFingerprint,
  markerOf,
} from './escalation-marker.js';
export { chooseRepository, githubRepositoryOf } from './escalation-repository.js';
export type { GithubRepository, RepositoryChoice } from './escalation-repository.js';
export {
  GITHUB_BODY_MAX,
  GITHUB_TITLE_MAX,
  mentionsOf,
  subjectOf,
  titleOf,
} from './escalation-text.js';
