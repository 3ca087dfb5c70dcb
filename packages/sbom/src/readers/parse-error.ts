import { foreignCause, formatLocation } from '@trailmark/core';
import { SbomError } from '../error.js';

/** `SBOM_PARSE` with the message `<path>:<line>: <reason>` (just `<path>:` for line 0). */
export function parseError(path: string, line: number, reason: string, cause?: unknown): SbomError {
  const location = { path, line };
  return new SbomError('SBOM_PARSE', `${formatLocation(location)}: ${reason}`, {
    location,
    cause: foreignCause(cause),
  });
}

/** `SBOM_UNSUPPORTED_VERSION` naming the version found (and, when given, the versions known). */
export function unsupportedVersion(
  path: string,
  line: number,
  what: string,
  found: string,
  supported?: readonly string[],
): SbomError {
  const location = { path, line };
  const known = supported === undefined ? '' : ` (supported: ${supported.join(', ')})`;
  return new SbomError(
    'SBOM_UNSUPPORTED_VERSION',
    `${formatLocation(location)}: unsupported ${what} ${found}${known}`,
    { location },
  );
}

/** `value` when it is a plain object, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `value` when it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The string-valued members of a plain object (`{name: range}` maps), in key order. */
export function stringMap(value: unknown): [string, string][] {
  const record = asRecord(value);
  if (record === undefined) return [];
  const out: [string, string][] = [];
  for (const [key, member] of Object.entries(record)) {
    if (typeof member === 'string') out.push([key, member]);
  }
  return out;
}
