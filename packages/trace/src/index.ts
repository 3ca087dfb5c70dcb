// trace: a runtime alert in, the workload, its origin and the evidence out (design.md §5).

// Resolution and enrichment: the cluster view, alert → workload or object, the incident record.
export { ClusterView, POD_TEMPLATE_HASH } from './view.js';
export type { OwnerTop } from './owner-walk.js';
export { resolveAlert } from './resolve.js';
export type { Resolution } from './resolution.js';
export { buildIncident } from './incident.js';
export type { BuildIncidentInput } from './incident.js';
export type { OriginMatch, TraceEvidence } from './trace-evidence.js';
export { permalink } from './permalink.js';
export type { LinkOptions } from './permalink.js';
