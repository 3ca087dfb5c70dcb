import { relative, resolve } from 'node:path';
import { isTrailmarkError, type OriginObject, type OriginRecords } from '@trailmark/core';
import type { ChangeRecord, SignedAttestation } from '@trailmark/trailmark';
import type { Command } from './inputs.js';
import type { AnnotationPlace, OutputName } from './runner.js';
import type { Inventoried, Stamped } from './steps.js';

/** Everything one run produced, for outputs, annotations and the job summary. */
export interface Outcome {
  command: Command;
  change?: ChangeRecord;
  stamped?: Stamped;
  sbom?: Inventoried;
  attestations: SignedAttestation[];
  /** `<server>/<owner>/<repo>/attestations/<id>` per uploaded attestation. */
  attestationUrls: string[];
  warnings: string[];
}

/** A workflow annotation. */
export interface Annotation {
  message: string;
  place: AnnotationPlace;
}

/** The step outputs (multi-value outputs are one path or id per line). */
export function outputsOf(outcome: Outcome): Partial<Record<OutputName, string>> {
  const uploaded = outcome.attestations.flatMap((a) => (a.uploaded ? [String(a.uploaded.id)] : []));
  return {
    'stamped-manifests': (outcome.stamped?.paths ?? []).join('\n'),
    'origin-path': outcome.stamped?.originPath ?? '',
    'sbom-path': outcome.sbom?.path ?? '',
    'bundle-paths': outcome.attestations
      .flatMap((a) => (a.path === undefined ? [] : [a.path]))
      .join('\n'),
    'attestation-ids': uploaded.join('\n'),
    'attestation-urls': outcome.attestationUrls.join('\n'),
  };
}

/** The web page of each uploaded attestation (GitHub's `/attestations/<id>` route). */
export function attestationUrls(
  attestations: readonly SignedAttestation[],
  serverUrl: string,
  repository: string | undefined,
): string[] {
  if (repository === undefined) return [];
  return attestations.flatMap((a) =>
    a.uploaded
      ? [
          a.uploaded.url ??
            `${serverUrl.replace(/\/+$/, '')}/${repository}/attestations/${String(a.uploaded.id)}`,
        ]
      : [],
  );
}

/**
 * Warnings on the template line of every object without an owner (incidents about it cannot be
 * routed) and of every object from an external chart (its owners are those of the dependency
 * line, not of the chart's authors). Objects from one line share one annotation.
 */
export function annotationsOf(records: OriginRecords): Annotation[] {
  const byPlace = new Map<
    string,
    { place: AnnotationPlace; kind: 'owner' | 'external'; chart?: string; names: string[] }
  >();
  for (const object of records.objects) {
    const source = object.source;
    if (!source) continue;
    const external = source.origin === 'external';
    if (!external && object.owners.length > 0) continue;
    const kind = external ? 'external' : 'owner';
    const key = `${kind}\0${source.path}\0${String(source.line)}`;
    const entry = byPlace.get(key) ?? {
      place: {
        file: source.path,
        line: source.line,
        title: external ? 'trailmark: external chart' : 'trailmark: no owner',
      },
      kind,
      names: [],
    };
    if (object.chart) entry.chart = `${object.chart.name}@${object.chart.version}`;
    entry.names.push(nameOf(object));
    byPlace.set(key, entry);
  }
  return [...byPlace.values()].map(({ place, kind, chart, names }) => ({
    place,
    message:
      kind === 'external'
        ? `${names.join(', ')} come${names.length === 1 ? 's' : ''} from external chart ${chart ?? '(unknown)'}, not in this repository: its owners are the owners of this dependency line`
        : `${names.join(', ')} ha${names.length === 1 ? 's' : 've'} no CODEOWNERS owner: add a pattern for ${place.file ?? 'this file'} so alerts reach a team`,
  }));
}

/** A warning `path:line: message` (lockfile and CODEOWNERS readers write these) as an annotation. */
export function warningAnnotation(warning: string): Annotation {
  const match = /^([^\s:]+):(\d+): (.+)$/s.exec(warning);
  if (!match?.[1] || !match[2] || !match[3]) return { message: warning, place: {} };
  return { message: match[3], place: { file: match[1], line: Number(match[2]) } };
}

/** How a failure is reported: the message (with its place), the error code and the causes. */
export function failureOf(
  err: unknown,
  cwd: string,
  workspace: string,
): { message: string; code: string; place: AnnotationPlace; causes: string[] } {
  const message = err instanceof Error ? err.message : String(err);
  const code = isTrailmarkError(err) ? err.code : 'INTERNAL';
  const location = isTrailmarkError(err) ? err.location : undefined;
  const place = location
    ? {
        file: toWorkspacePath(location.path, cwd, workspace),
        ...(location.line > 0 ? { line: location.line } : {}),
      }
    : {};
  return { message, code, place, causes: causesOf(err) };
}

// The chain of causes, one line each. A trailmark cause is shown by its message (trailmark
// messages never hold a secret); a foreign one (a library's, git's, an HTTP client's) only by its
// name and code: its message may quote what the runner would print in a public log.
function causesOf(err: unknown): string[] {
  const out: string[] = [];
  let cause = err instanceof Error ? err.cause : undefined;
  while (cause !== undefined && out.length < 5) {
    if (isTrailmarkError(cause)) out.push(`${cause.code}: ${cause.message}`);
    else {
      const code = (cause as { code?: unknown }).code;
      const name = cause instanceof Error ? cause.name : typeof cause;
      out.push(
        `${name}${typeof code === 'string' || typeof code === 'number' ? ` (${String(code)})` : ''}`,
      );
    }
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return out;
}

// Annotations name files relative to the workspace (the repository checkout).
function toWorkspacePath(path: string, cwd: string, workspace: string): string {
  const rel = relative(workspace, resolve(cwd, path));
  return rel.startsWith('..') ? path : rel;
}

/** `Kind namespace/name`. */
export function nameOf(object: Pick<OriginObject, 'kind' | 'namespace' | 'name'>): string {
  return `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
}
