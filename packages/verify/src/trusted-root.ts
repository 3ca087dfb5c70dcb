import { foreignCause } from '@trailmark/core';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { VerifyError } from './error.js';
import { toJsonObject } from './json-input.js';
import { checkAuthority, checkLog } from './trusted-root-entries.js';

/** Trusted-root media types we accept (v0.2 is current; the others are the spec's MAYs). */
const TRUSTED_ROOT_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
  'application/vnd.dev.sigstore.trustedroot.v0.1+json',
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
]);

/**
 * Parses a `trusted_root.json` (as a value or as text) STRICTLY: every certificate authority,
 * transparency log, CT log and timestamp authority must carry a `validFor.start` (a missing
 * start would otherwise mean "since the beginning of time" in `@sigstore/verify`), every
 * certificate and key must decode, and every window must end after it starts.
 *
 * @throws VerifyError `VERIFY_INVALID_TRUSTED_ROOT`, naming the offending entry.
 */
export function parseTrustedRoot(json: unknown): TrustedRoot {
  const object = toJsonObject(json, 'VERIFY_INVALID_TRUSTED_ROOT', 'trusted root');
  const mediaType = (object as { mediaType?: unknown }).mediaType;
  if (typeof mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPES.has(mediaType)) {
    throw new VerifyError(
      'VERIFY_INVALID_TRUSTED_ROOT',
      `trusted root has an unsupported mediaType ${JSON.stringify(mediaType)}`,
    );
  }
  const root = decodeTrustedRoot(object);
  checkTrustedRoot(root);
  return root;
}

/**
 * The strict checks of {@link parseTrustedRoot}, for a root obtained some other way.
 *
 * @throws VerifyError `VERIFY_INVALID_TRUSTED_ROOT`
 */
export function checkTrustedRoot(root: TrustedRoot): void {
  root.certificateAuthorities.forEach((ca, i) => {
    checkAuthority(ca, `certificateAuthorities[${i}]`);
  });
  root.timestampAuthorities.forEach((tsa, i) => {
    checkAuthority(tsa, `timestampAuthorities[${i}]`);
  });
  root.tlogs.forEach((log, i) => {
    checkLog(log, `tlogs[${i}]`);
  });
  root.ctlogs.forEach((log, i) => {
    checkLog(log, `ctlogs[${i}]`);
  });
}

// protobuf-specs' decoder, with its (rare) exceptions given our code.
function decodeTrustedRoot(object: object): TrustedRoot {
  try {
    return TrustedRoot.fromJSON(object);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new VerifyError(
      'VERIFY_INVALID_TRUSTED_ROOT',
      `trusted root cannot be decoded: ${detail}`,
      {
        cause: foreignCause(err),
      },
    );
  }
}
