import { foreignCause } from '@trailmark/core';
import { VerifyError, type VerifyErrorCode } from './error.js';

/**
 * Accepts either a parsed JSON value or JSON text, and returns a plain object.
 * `what` names the input in messages ("bundle", "trusted root").
 */
export function toJsonObject(json: unknown, code: VerifyErrorCode, what: string): object {
  const value = typeof json === 'string' ? parseJsonText(json, code, what) : json;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new VerifyError(code, `${what} is not a JSON object (got ${describeType(value)})`);
  }
  return value;
}

// JSON text → value, or the one-line reason it is not JSON.
function parseJsonText(text: string, code: VerifyErrorCode, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VerifyError(code, `${what} is not valid JSON: ${detail}`, {
      cause: foreignCause(err),
    });
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}
