import { compareCodeUnits, isSha256Digest } from '@trailmark/core';
import type { ChartRef, ImageUse, OriginObject, SecretRef, SourceLocation } from '@trailmark/core';
import { AttestError } from './error.js';

/**
 * One origin record in the predicate's canonical form: known members only, in schema order,
 * `undefined` members dropped. Throws `ATTEST_INVALID_PREDICATE` when an annotations digest is
 * not `sha256:<64 lowercase hex>`, because verify compares it byte for byte.
 */
export function toPredicateObject(object: OriginObject): OriginObject {
  checkDigest(object, 'annotationsDigest', object.annotationsDigest);
  if (object.podTemplateAnnotationsDigest !== undefined) {
    checkDigest(object, 'podTemplateAnnotationsDigest', object.podTemplateAnnotationsDigest);
  }
  const { source, introducer, serviceAccount } = object;
  return compact({
    apiVersion: object.apiVersion,
    kind: object.kind,
    namespace: object.namespace,
    name: object.name,
    origin: object.origin,
    source:
      source &&
      compact({
        path: source.path,
        line: source.line,
        origin: source.origin,
        template: source.template,
        match: source.match,
        via: toLocation(source.via),
      }),
    chart: object.chart && toChart(object.chart),
    owners: [...object.owners],
    introducer:
      introducer &&
      compact({
        name: introducer.name,
        email: introducer.email,
        commit: introducer.commit,
        date: introducer.date,
        via: introducer.via,
      }),
    images: object.images.map(toImage),
    secretRefs: object.secretRefs.map(toSecretRef),
    serviceAccount:
      serviceAccount && compact({ name: serviceAccount.name, at: toLocation(serviceAccount.at) }),
    annotationsDigest: object.annotationsDigest,
    podTemplateAnnotationsDigest: object.podTemplateAnnotationsDigest,
  });
}

/**
 * Sorts objects by namespace, kind, name and apiVersion, and throws `ATTEST_INVALID_PREDICATE`
 * when two share that identity: verify joins live objects to records by it.
 */
export function sortObjects(objects: readonly OriginObject[]): OriginObject[] {
  const sorted = [...objects].sort((a, b) => compareIdentity(identity(a), identity(b)));
  for (let i = 1; i < sorted.length; i++) {
    const [previous, current] = [sorted[i - 1], sorted[i]];
    if (previous && current && compareIdentity(identity(previous), identity(current)) === 0) {
      throw new AttestError(
        'ATTEST_INVALID_PREDICATE',
        `${describeObject(current)} has two origin records`,
      );
    }
  }
  return sorted;
}

/** A chart reference with members in schema order. */
export function toChart(chart: ChartRef): ChartRef {
  return compact({ name: chart.name, version: chart.version, path: chart.path });
}

/** A copy of `value` without its `undefined` members (JSON drops them anyway; goldens compare). */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out as T;
}

/** `Deployment shop/web` (apiVersion apps/v1), for messages. */
export function describeObject(object: OriginObject): string {
  const where = object.namespace ? `${object.namespace}/` : '';
  return `${object.kind} ${where}${object.name} (${object.apiVersion})`;
}

function toImage(image: ImageUse): ImageUse {
  return compact({
    container: image.container,
    ref: image.ref,
    digest: image.digest,
    set: toLocation(image.set),
  });
}

function toSecretRef(ref: SecretRef): SecretRef {
  return compact({
    name: ref.name,
    via: ref.via,
    container: ref.container,
    at: toLocation(ref.at),
  });
}

function toLocation(location: SourceLocation | undefined): SourceLocation | undefined {
  return location && { path: location.path, line: location.line };
}

function identity(object: OriginObject): string[] {
  return [object.namespace ?? '', object.kind, object.name, object.apiVersion];
}

function compareIdentity(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const order = compareCodeUnits(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return 0;
}

function checkDigest(object: OriginObject, member: string, value: string): void {
  if (!isSha256Digest(value)) {
    throw new AttestError(
      'ATTEST_INVALID_PREDICATE',
      `${describeObject(object)}: ${member} "${value}" is not sha256:<64 lowercase hex>`,
    );
  }
}
