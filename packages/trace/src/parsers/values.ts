import { scrubSecrets } from '@trailmark/core';

// Every string an alert carries comes from outside: it is scrubbed of secret shapes before it is
// kept (a command line can carry a password), and names are kept only when they are valid
// Kubernetes names (a label value is free text; an invalid "namespace" resolves to nothing).

/** Most keys {@link boundedFields} keeps. */
export const MAX_FIELDS = 12;
/** Longest value {@link boundedFields} keeps, in characters. */
export const MAX_FIELD_LENGTH = 200;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/;
const DIGEST = /sha256:[0-9a-f]{64}/;
// A word every secret shape `scrubSecrets` knows begins with or sits behind (PEM, URL
// credentials — `://` then a user part up to `@`, as the scrub's own expression reads them —, JWT,
// GitHub tokens, Authorization/Bearer/Basic). A string without one holds none of those shapes, so
// it skips the scrub's many expressions: most alert strings are names, and most URLs (runbooks,
// `containerd://` ids) carry no credentials.
const SECRET_HINT =
  /-----BEGIN|:\/\/[^/\s@'"]+@|eyJ|gh[pousr]_|github_pat_|authorization|bearer|basic/i;

// The string `scrubbed` last found clean: a value passed on after scrubbing is scrubbed again
// without a second search.
let lastClean = '';

/** `value` scrubbed of secret shapes (`scrubSecrets`), skipping strings that cannot hold one. */
export function scrubbed(value: string): string {
  if (value === lastClean) return value;
  if (SECRET_HINT.test(value)) return scrubSecrets(value);
  lastClean = value;
  return value;
}

/** Most keys one {@link KeyMemo} remembers (keys repeat across the alerts of one source). */
const KEPT_KEYS = 1024;

/** Keys scrubbed and cut to one length, remembered. */
class KeyMemo {
  readonly #keys = new Map<string, string>();

  constructor(private readonly max: number) {}

  /** `key` scrubbed (see {@link scrubbed}) and cut to the length. */
  of(key: string): string {
    const known = this.#keys.get(key);
    if (known !== undefined) return known;
    const clean = scrubbed(key);
    const out = cut(clean, this.max);
    // Only keys without a secret shape are kept (a secret is never held longer than its alert).
    if (clean === key) {
      if (this.#keys.size >= KEPT_KEYS) this.#keys.clear();
      this.#keys.set(key, out);
    }
    return out;
  }
}

const FIELD_KEYS = new KeyMemo(80);
const LABEL_KEYS = new KeyMemo(253);

/** A non-empty string or a number as scrubbed text; anything else is absent. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return scrubbed(value);
}

/** `value` when it is an RFC 3339 timestamp. */
export function rfc3339(value: unknown): string | undefined {
  return typeof value === 'string' && RFC3339.test(value) ? value : undefined;
}

/** `value` when it is a valid namespace name (a DNS label). */
export function namespaceName(value: unknown): string | undefined {
  return typeof value === 'string' && DNS_LABEL.test(value) ? value : undefined;
}

/** `value` when it is a valid object name (a DNS subdomain; RBAC names may also hold `:`). */
export function objectName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 253) return undefined;
  return DNS_SUBDOMAIN.test(value.includes(':') ? value.replaceAll(':', '.') : value)
    ? value
    : undefined;
}

/** The `sha256:<hex>` inside `value` (`repo@sha256:…`, `docker-pullable://…@sha256:…`). */
export function digestIn(value: unknown): string | undefined {
  return typeof value === 'string' ? DIGEST.exec(value)?.[0] : undefined;
}

/**
 * At most {@link MAX_FIELDS} of `entries` (in the order given, first wins per key), each value
 * scrubbed and cut to {@link MAX_FIELD_LENGTH} characters; undefined when none is left.
 */
export function boundedFields(
  entries: readonly (readonly [string, unknown])[],
): Record<string, string> | undefined {
  const fields = new BoundedFields();
  for (const [key, raw] of entries) if (!fields.add(key, raw)) break;
  return fields.result();
}

/** {@link boundedFields} one entry at a time, for callers that make entries in order. */
export class BoundedFields {
  readonly #fields: Record<string, string> = {};
  #count = 0;

  /** Adds an entry as {@link boundedFields} would; false once the fields are full. */
  add(key: string, raw: unknown): boolean {
    if (this.#count >= MAX_FIELDS) return false;
    const value = text(Array.isArray(raw) ? raw.join(',') : raw);
    if (value === undefined || key in this.#fields) return true;
    this.#fields[FIELD_KEYS.of(key)] = cut(value, MAX_FIELD_LENGTH);
    this.#count++;
    return true;
  }

  /** The fields, or undefined when none was kept. */
  result(): Record<string, string> | undefined {
    return this.#count === 0 ? undefined : this.#fields;
  }
}

/** Labels (key → value) scrubbed, at most 64 of them; undefined when none. */
export function labelMap(
  entries: Iterable<readonly [string, unknown]>,
): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let count = 0;
  for (const [key, raw] of entries) {
    const value = typeof raw === 'string' ? scrubbed(raw) : undefined;
    if (value === undefined || key === '' || count >= 64) continue;
    labels[LABEL_KEYS.of(key)] = cut(value, MAX_FIELD_LENGTH);
    count++;
  }
  return count === 0 ? undefined : labels;
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** Sets `object[key]` to `value` unless it is undefined (members only when present). */
export function put<T extends object, K extends keyof T>(
  object: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) object[key] = value;
}

/** `value` without the keys whose value is undefined (keeps alerts free of empty members). */
export function compact<T extends object>(value: T): T {
  const out: Partial<T> = {};
  for (const key in value) {
    const member = value[key];
    if (member !== undefined) out[key] = member;
  }
  return out as T;
}
