import { secretUses } from '@trailmark/core';
import type { ObjectRef, SecretOrigin, SecretTrace } from '@trailmark/core';
import { permalink, type LinkOptions } from './permalink.js';
import { secretOrigin } from './secret-origin.js';
import type { OriginMatch, TraceEvidence } from './trace-evidence.js';
import type { ClusterView } from './view.js';

/** A workload whose Secret references are traced: its verified record and its live pod spec. */
export interface SecretUser {
  ref: ObjectRef;
  match?: OriginMatch;
  spec?: Record<string, unknown>;
}

/**
 * The Secrets the users reference, never their data: each reference of a verified origin record
 * with its template line (`…/deployment.yaml#L48`) and permalink, then references only the live
 * pod spec holds (a claimed-only workload, or one changed by hand) without a line; each with
 * where the Secret itself comes from. `only` keeps the references to one Secret.
 */
export function secretTraces(
  users: readonly SecretUser[],
  view: ClusterView,
  evidence: TraceEvidence,
  links?: LinkOptions,
  only?: string,
  used?: Set<string>,
): SecretTrace[] {
  const origins = new Map<string, SecretOrigin>();
  const originOf = (namespace: string, name: string): SecretOrigin => {
    const key = `${namespace}/${name}`;
    let origin = origins.get(key);
    if (origin === undefined) {
      origin = secretOrigin(namespace, name, view, evidence, links, used);
      origins.set(key, origin);
    }
    return origin;
  };
  const traces = new Map<string, SecretTrace>();
  for (const user of users) {
    const namespace = user.ref.namespace ?? '';
    const recorded = Array.isArray(user.match?.record.secretRefs)
      ? user.match.record.secretRefs
      : [];
    const repository = user.match?.predicate.repository;
    const covered = new Set<string>();
    for (const ref of recorded) {
      if (only !== undefined && ref.name !== only) continue;
      covered.add(`${ref.name}\n${ref.via}`);
      const at = ref.at && { path: ref.at.path, line: ref.at.line };
      const url = permalink(repository?.uri, repository?.commit, at, links);
      // Members in the trace's order, optional ones only when present.
      const trace = { name: ref.name, via: ref.via } as SecretTrace;
      if (ref.container !== undefined) trace.container = ref.container;
      if (at !== undefined) trace.at = at;
      if (url !== undefined) trace.url = url;
      trace.origin = originOf(namespace, ref.name);
      add(traces, trace);
    }
    if (user.spec === undefined) continue;
    for (const use of secretUses(user.spec)) {
      if ((only !== undefined && use.name !== only) || covered.has(`${use.name}\n${use.via}`))
        continue;
      const trace = { name: use.name, via: use.via } as SecretTrace;
      if (use.container !== undefined) trace.container = use.container;
      trace.origin = originOf(namespace, use.name);
      add(traces, trace);
    }
  }
  return [...traces.values()];
}

function add(traces: Map<string, SecretTrace>, trace: SecretTrace): void {
  const at = trace.at === undefined ? '' : `${trace.at.path}#L${trace.at.line}`;
  const key = `${trace.name}\n${trace.via}\n${trace.container ?? ''}\n${at}`;
  if (!traces.has(key)) traces.set(key, trace);
}
