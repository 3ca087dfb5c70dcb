// trace: a runtime alert in, the workload, its origin and the evidence out (design.md §5).
export { TraceError } from './error.js';
export type { TraceErrorCode } from './error.js';
export { linkFalcoRules } from './falco-rules.js';
export type { FalcoRulesFile } from './falco-rules.js';
export { parseAlerts } from './parse-alerts.js';
export type { ParseAlertsOptions } from './parse-alerts.js';
export { detectFormat } from './parsers/detect.js';
export { parseReference } from './parsers/reference.js';
