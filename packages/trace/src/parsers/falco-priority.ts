import type { Severity } from '@trailmark/core';

const SEVERITY_OF_PRIORITY: Readonly<Record<string, Severity>> = {
  emergency: 'critical',
  alert: 'critical',
  critical: 'critical',
  error: 'high',
  warning: 'medium',
  notice: 'low',
  informational: 'low',
  info: 'low',
  debug: 'info',
};

/**
 * A Falco priority (any case, as Falco and falcosidekick write it) as a trailmark severity:
 * Emergency/Alert/Critical → critical, Error → high, Warning → medium, Notice/Informational →
 * low, Debug → info. A missing or unknown priority counts as medium: a rule fired, and nothing
 * says it matters less.
 */
export function severityOfFalcoPriority(priority: string | undefined): Severity {
  return SEVERITY_OF_PRIORITY[(priority ?? '').toLowerCase()] ?? 'medium';
}
