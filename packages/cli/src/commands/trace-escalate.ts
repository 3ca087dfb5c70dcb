import type { Incident } from '@trailmark/core';
import type { CommandContext } from '../command.js';
import { usage } from './evidence-flags.js';
import type { TraceFlags } from './trace.js';

/** Where `--escalate` sends an incident. */
export type EscalationTarget =
  { kind: 'github' } | { kind: 'webhook'; url: string; secretFile: string };

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
  const { renderIncidentJson, renderIncidentMarkdown } =
    await import('@trailmark/trailmark/report');
  const { io } = context;
  for (const incident of incidents) {
    if (incident.resolution.status !== 'resolved') {
      io.stderr(
        `trailmark: not escalated (unresolved, no owner to tell): ${incident.alert.rule}\n`,
      );
      continue;
    }
    const results = await escalate(incident, {
      markdown: renderIncidentMarkdown(incident),
      json: renderIncidentJson(incident),
      targets,
      send: flags.send === true,
      cwd: io.cwd,
      env: io.env,
      ...(flags.label.length > 0 ? { labels: flags.label } : {}),
    });
    for (const result of results) {
      context.warn(result.warnings);
      io.stderr(`trailmark: ${result.summary}\n`);
      if (result.target === 'github' && result.outcome === 'planned')
        io.stderr(
          indent(`title: ${result.title}\nlabels: ${result.labels.join(', ')}\n\n${result.body}`),
        );
    }
  }
}

function indent(text: string): string {
  return `${text.replace(/\n+$/, '').replace(/^/gm, '  | ')}\n`;
}
