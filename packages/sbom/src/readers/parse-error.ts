import { SbomError } from '../error.js';

/** An `SBOM_PARSE` error naming `path:line`. */
export function parseError(path: string, line: number, reason: string, cause?: unknown): SbomError {
  return new SbomError('SBOM_PARSE', `${path}:${line}: ${reason}`, {
    location: { path, line },
    cause,
  });
}

/** An `SBOM_UNSUPPORTED_VERSION` error naming the version found. */
export function unsupportedVersion(
  path: string,
  line: number,
  what: string,
  found: string,
): SbomError {
  return new SbomError(
    'SBOM_UNSUPPORTED_VERSION',
    `${path}:${line}: unsupported ${what} ${found}`,
    {
      location: { path, line },
    },
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
