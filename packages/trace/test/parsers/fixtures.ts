import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { TraceError, type TraceErrorCode } from '../../src/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The text of a fixture under `test/fixtures/`. */
export function fixture(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

/** The names of the fixture files (not READMEs) of one folder under `test/fixtures/`. */
export function fixtureNames(folder: string): string[] {
  return readdirSync(`${FIXTURES}${folder}`)
    .filter((name) => name !== 'README.md')
    .sort();
}

/** The TraceError `run` throws, asserted to carry `code` and a one-line message. */
export function traceErrorOf(run: () => unknown, code: TraceErrorCode): TraceError {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(TraceError);
  const error = thrown as TraceError;
  expect(error.code).toBe(code);
  expect(error.message).not.toContain('\n');
  return error;
}
