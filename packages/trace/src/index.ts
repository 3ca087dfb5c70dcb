// trace: a runtime alert in, the workload, its origin and the evidence out (design.md §5).

// Alert parsers: every supported format in, NormalizedAlert out.
export { TraceError } from './error.js';
export type { TraceErrorCode } from './error.js';
export { linkFalcoRules } from './falco-rules.js';
export type { FalcoRulesFile } from './falco-rules.js';
export { parseAlerts } from './parse-alerts.js';
export type { ParseAlertsOptions } from './parse-alerts.js';
export { detectFormat } from './parsers/detect.js';
export { parseReference } from './parsers/reference.js';

// Resolution and enrichment: the cluster view, alert → workload or object, the incident record.
export { ClusterView, POD_TEMPLATE_HASH } from './view.js';
export type { OwnerTop } from './owner-walk.js';
export { resolveAlert } from './resolve.js';
export type { Resolution } from './resolution.js';
export { buildIncident } from './incident.js';
export type { BuildIncidentInput, IncidentMemo, SubjectParts } from './incident.js';
export type { OriginMatch, TraceEvidence } from './trace-evidence.js';
export { permalink } from './permalink.js';
export type { LinkOptions } from './permalink.js';

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
