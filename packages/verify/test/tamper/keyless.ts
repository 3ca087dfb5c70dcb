import { bundleToJSON } from '@sigstore/bundle';
import {
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type Witness,
} from '@sigstore/sign';
import type { TestSigstore } from '@trailmark/testing';
import { parseTrustedRoot, type TrustedRoot } from '../../src/index.js';

type Json = Record<string, unknown>;

/**
 * Signs `statement` keylessly against the test Sigstore (`@sigstore/mock` Fulcio, Rekor, TSA on
 * 127.0.0.1) exactly as sigstore-js does in production: a Fulcio certificate for the token's
 * identity, a Rekor dsse entry and an RFC 3161 timestamp.
 */
export async function signKeyless(sigstore: TestSigstore, statement: unknown): Promise<Json> {
  const signer = new FulcioSigner({
    identityProvider: { getToken: () => Promise.resolve(sigstore.identityToken) },
    fulcioBaseURL: sigstore.fulcioURL,
    retry: 0,
  });
  const witnesses: Witness[] = [];
  if (sigstore.rekorURL !== undefined)
    witnesses.push(
      new RekorWitness({ rekorBaseURL: sigstore.rekorURL, entryType: 'dsse', retry: 0 }),
    );
  if (sigstore.tsaServerURL !== undefined)
    witnesses.push(new TSAWitness({ tsaBaseURL: sigstore.tsaServerURL, retry: 0 }));
  const bundle = await new DSSEBundleBuilder({ signer, witnesses }).create({
    data: Buffer.from(JSON.stringify(statement)),
    type: 'application/vnd.in-toto+json',
  });
  return bundleToJSON(bundle);
}

/** The test Sigstore's trusted root, parsed strictly. */
export function rootOf(sigstore: TestSigstore): TrustedRoot {
  return parseTrustedRoot(sigstore.trustedRoot);
}
