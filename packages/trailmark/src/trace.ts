import { resolve } from 'node:path';
import type { NormalizedAlert } from '@trailmark/core';
import { TRACE_RESULT_SCHEMA, type TraceResult } from '@trailmark/report';
import { linkFalcoRules, parseAlerts, parseReference } from '@trailmark/trace';
import { readText } from './read-file.js';
import { createTracer } from './tracer.js';
import { readVerifyInputs, type VerifyOptions } from './verify.js';

/** Where the alerts come from: a file, stdin's text, or a reference given on the command line. */
export type AlertInput =
  | { kind: 'file'; path: string }
  | { kind: 'stdin'; text: string }
  | { kind: 'reference'; text: string };

/** Options of {@link trace}: the alerts, plus what verify reads (cluster, evidence, policy). */
export interface TraceOptions extends VerifyOptions {
  alerts: AlertInput;
  /** Falco rules files: each alert's rule is linked to its definition (file:line). */
  falcoRules: readonly string[];
}

/** The trace result document (one incident per alert, in input order) and the run's warnings. */
export interface TraceOutcome {
  result: TraceResult;
  warnings: string[];
}

/**
 * `trailmark trace`: every alert resolved to its workload or object — never guessed — and enriched
 * with its origin, who changed it since, which facts a verified bundle backs, and the secret and
 * service-account lines. The alerts are parsed before the cluster is read, so bad input fails
 * fast (exit 2) without contacting anything.
 */
export async function trace(options: TraceOptions): Promise<TraceOutcome> {
  const alerts = await readAlerts(options.cwd, options.alerts, options.falcoRules);
  const inputs = await readVerifyInputs(options);
  const tracer = createTracer(inputs);
  return {
    result: {
      schema: TRACE_RESULT_SCHEMA,
      generatedAt: inputs.now.toISOString(),
      incidents: alerts.map((alert) => tracer(alert)),
    },
    warnings: inputs.warnings,
  };
}

async function readAlerts(
  cwd: string,
  input: AlertInput,
  rulesFiles: readonly string[],
): Promise<NormalizedAlert[]> {
  const alerts =
    input.kind === 'reference'
      ? [parseReference(input.text)]
      : input.kind === 'stdin'
        ? parseAlerts(input.text, '-')
        : parseAlerts(
            await readText(resolve(cwd, input.path), {
              path: input.path,
              expected: 'an alert file',
            }),
            input.path,
          );
  if (rulesFiles.length === 0) return alerts;
  const rules = await Promise.all(
    rulesFiles.map(async (path) => ({
      path,
      text: await readText(resolve(cwd, path), {
        path,
        expected: 'a Falco rules file (--falco-rules)',
      }),
    })),
  );
  return linkFalcoRules(alerts, rules);
}
