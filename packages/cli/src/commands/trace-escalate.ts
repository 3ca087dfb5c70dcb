import type { Incident } from '@trailmark/core';
import type { CommandContext } from '../command.js';
import { usage } from './evidence-flags.js';
import type { TraceFlags } from './trace.js';

/** Where `--escalate` sends an incident. */
export type EscalationTarget = { kind: 'github' } | { kind: 'webhook'; url: string; secretFile: string };

/** `--escalate github` / `--escalate webhook=URL` (+ `--webhook-secret-file`), checked up front (exit 2). */
export function escalationTargets(flags: TraceFlags): EscalationTarget[] {
  const targets = flags.escalate.map((value): EscalationTarget => {
    if (value === 'github') return { kind: 'github' };
    if (value.startsWith('webhook=')) {
      const url = value.slice('webhook='.length);
      if (!/^https?:\/\/[^\s]+$/.test(url))
        throw usage('trace', `--escalate ${value}: expected webhook=http(s)://HOST/PATH`);
      if (flags.webhookSecretFile === undefined)
        throw usage('trace', '--escalate webhook=URL needs --webhook-secret-file FILE');
      return { kind: 'webhook', url, secretFile: flags.webhookSecretFile };
    }
    throw usage('trace', `--escalate ${value}: expected github or webhook=URL`);
  });
  if (targets.length === 0 && flags.send === true)
    throw usage('trace', '--send needs --escalate github or --escalate webhook=URL');
  return targets;
}

/**
 * Escalates each resolved incident to every target: a dry run (what would be sent, on stderr)
 * unless `--send`. Unresolved incidents have no owner to tell; they are skipped with a note.
 */
export async function escalateAll(
  context: CommandContext,
  incidents: readonly Incident[],
  targets: readonly EscalationTarget[],
  flags: TraceFlags,
): Promise<void> {
  const { escalate } = await import('@trailmark/trailmark/escalate');
  const { renderTrace } = await import('@trailmark/trailmark/report');
  for (const incident of incidents) {
    const markdown = renderTrace(single(incident), 'markdown');
    const json = renderTrace(single(incident), 'json');
    const results = await escalate(incident, {
      markdown,
      json,
      targets,
      send: flags.send === true,
      cwd: context.io.cwd,
      env: context.io.env,
      labels: flags.label,
    });
    for (const result of results) context.io.stderr(`trailmark: ${result.summary}\n`);
  }
}

function single(incident: Incident) {
  return {
    schema: 'https://trailmark.dev/trace-result/v1' as const,
    generatedAt: incident.generatedAt,
    incidents: [incident],
  };
}
