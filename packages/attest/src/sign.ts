import type { Bundle, SerializedBundle } from '@sigstore/bundle';
import { bundleToJSON } from '@sigstore/bundle';
import {
  IN_TOTO_PAYLOAD_TYPE,
  foreignCause,
  isTrailmarkError,
  toCanonicalJson,
  type Statement,
} from '@trailmark/core';
import { AttestError } from './error.js';

/**
 * The role that turns a DSSE payload into a Sigstore bundle: in production a `@sigstore/sign`
 * `DSSEBundleBuilder` wired by the facade (key-based or keyless), in tests anything with `create`.
 */
export interface Bundler {
  /** Signs `data` as a DSSE envelope of payload type `type` and witnesses it. */
  create(artifact: { data: Buffer; type: string }): Promise<Bundle>;
}

/**
 * Signs an in-toto statement: the DSSE payload is the statement's canonical JSON (sorted keys, no
 * whitespace), the payload type `application/vnd.in-toto+json`. Returns the bundle as JSON, ready to
 * be written as `*.sigstore.json`.
 *
 * A bundler failure becomes `ATTEST_SIGNING`. The message repeats the cause's message only when the
 * cause is a trailmark error (whose messages never hold secrets); a foreign error is named by its
 * code, because its message may quote a token.
 */
export async function signStatement(
  statement: Statement,
  bundler: Bundler,
): Promise<SerializedBundle> {
  const data = Buffer.from(toCanonicalJson(statement), 'utf8');
  try {
    return bundleToJSON(await bundler.create({ data, type: IN_TOTO_PAYLOAD_TYPE }));
  } catch (error) {
    throw new AttestError(
      'ATTEST_SIGNING',
      `signing the ${statement.predicateType} statement failed: ${describe(error)}`,
      { cause: foreignCause(error) },
    );
  }
}

// Only a trailmark error's message is known to be free of secrets.
function describe(error: unknown): string {
  if (isTrailmarkError(error)) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown error';
}
