import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import { startTestSigstore, type TestSigstore } from '@trailmark/testing';
import { parseTrustedRoot, verifyAttestations, type TrustedIdentity } from '../../src/index.js';
import { candidate, digestOf, statement } from '../helpers/evidence.js';
import { reissue } from '../helpers/reissue.js';
import { rootOf, signKeyless } from './keyless.js';

// A run verifies each trusted root's own certificate paths once and shares them between bundles.
// These cases show that sharing cannot be poisoned: each bundle comes AFTER a valid bundle of the
// same CA warmed the run, and must still be rejected for what is wrong with its own certificate.

type Json = Record<string, unknown>;

const IMAGE = digestOf('ghcr.io/acme/shop@1');
const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const sigstores: TestSigstore[] = [];

async function start(options: Parameters<typeof startTestSigstore>[0] = {}) {
  const started = await startTestSigstore(options);
  sigstores.push(started);
  return started;
}

afterAll(async () => {
  await Promise.all(sigstores.map((s) => s.close()));
});

function trusting(sigstore: TestSigstore): TrustedIdentity {
  return { kind: 'certificate', issuer: sigstore.issuer, subject: { exact: sigstore.san } };
}

function leafOf(bundle: Json): Buffer {
  const material = bundle.verificationMaterial as { certificate: { rawBytes: string } };
  return Buffer.from(material.certificate.rawBytes, 'base64');
}

function withLeaf(bundle: Json, leaf: Buffer): Json {
  const copy = structuredClone(bundle);
  (copy.verificationMaterial as Json).certificate = { rawBytes: leaf.toString('base64') };
  return copy;
}

/** The verdicts of one run over `bundles`, in the order given. */
function verdicts(bundles: Json[], roots: ReturnType<typeof rootOf>[], identity: TrustedIdentity) {
  const evidence = verifyAttestations({
    bundles: bundles.map((b, i) => candidate(b, `bundles/${String(i)}.sigstore.json`)),
    trustedRoots: roots,
    identities: [identity],
  });
  const byLocation = new Map(evidence.flatMap((e) => e.sources.map((s) => [s.location, e])));
  return bundles.map((_, i) => {
    const e = byLocation.get(`bundles/${String(i)}.sigstore.json`)!;
    return e.verified ? 'verified' : `${e.rejection ?? ''}: ${e.reason ?? ''}`;
  });
}

describe('the shared CA path cannot be poisoned (public-good shape: log, SCT and TSA)', () => {
  let sigstore: TestSigstore;
  let good: Json;

  beforeAll(async () => {
    sigstore = await start();
    good = await signKeyless(sigstore, statement(PREDICATE_TYPE.cyclonedx, {}, { web: IMAGE }));
  }, 30_000);

  it('a leaf naming the same issuer (name and key id) but signed by another key is rejected', () => {
    // Same TBS: same issuer, authority key id, SAN, key and SCTs; only the CA signature differs.
    const forged = withLeaf(good, reissue(leafOf(good), { signer: p256().privateKey }));
    const [warm, after] = verdicts([good, forged], [rootOf(sigstore)], trusting(sigstore));
    expect(warm).toBe('verified');
    expect(after).toMatch(/^TRUST_ROOT_INVALID: .*certificate chain/);
    // And with the forgery first: the order of a run does not matter.
    expect(verdicts([forged, good], [rootOf(sigstore)], trusting(sigstore))).toEqual([
      after,
      'verified',
    ]);
  });
});

describe('validity is checked per bundle (a CA of our own, TSA-only bundles)', () => {
  let sigstore: TestSigstore;
  let bundle: Json;
  let ca: ReturnType<typeof p256>;
  let root: ReturnType<typeof rootOf>;
  let signedAt: Date;

  beforeAll(async () => {
    sigstore = await start({ rekor: false });
    bundle = await signKeyless(sigstore, statement(PREDICATE_TYPE.cyclonedx, {}, { web: IMAGE }));
    // The test CA's certificate, re-keyed to a key we hold; no CT log (we drop the SCTs).
    ca = p256();
    const json = structuredClone(sigstore.trustedRoot);
    const authority = (json.certificateAuthorities as Json[])[0]!;
    const chain = authority.certChain as { certificates: { rawBytes: string }[] };
    const caDer = Buffer.from(chain.certificates[0]!.rawBytes, 'base64');
    const spki = ca.publicKey.export({ type: 'spki', format: 'der' });
    const ours = reissue(caDer, { signer: ca.privateKey, publicKey: spki });
    chain.certificates = [{ rawBytes: ours.toString('base64') }];
    json.ctlogs = [];
    // The CA is trusted for one hour from the Sigstore's start.
    const from = Date.parse((authority.validFor as { start: string }).start);
    authority.validFor = {
      start: new Date(from).toISOString(),
      end: new Date(from + 3_600_000).toISOString(),
    };
    root = parseTrustedRoot(json);
    signedAt = new Date(from + 2000); // the test Sigstore's clock
  }, 30_000);

  function leaf(notBefore: number, notAfter: number, signer = ca.privateKey): Json {
    const validity = { notBefore: new Date(notBefore), notAfter: new Date(notAfter) };
    return withLeaf(bundle, reissue(leafOf(bundle), { signer, validity, withoutScts: true }));
  }

  it('a leaf valid only outside the CA window, and an untrusted re-signing, after a valid one', () => {
    const t = signedAt.getTime();
    const valid = leaf(t - 60_000, t + 600_000);
    const outside = leaf(t + 2 * 3_600_000, t + 3 * 3_600_000); // after the CA window
    const expiredBefore = leaf(t - 600_000, t - 1000); // expired at the signing time
    const untrusted = leaf(t - 60_000, t + 600_000, p256().privateKey);
    const results = verdicts(
      [valid, outside, expiredBefore, untrusted],
      [root],
      trusting(sigstore),
    );
    expect(results[0]).toBe('verified');
    expect(results[1]).toMatch(/^TRUST_ROOT_INVALID: .*not valid or expired/);
    expect(results[2]).toMatch(/^TRUST_ROOT_INVALID: .*not valid or expired/);
    expect(results[3]).toMatch(/^TRUST_ROOT_INVALID: .*certificate chain/);
  });

  it('a timestamp whose signature is flipped, after a valid one warmed the TSA chain', () => {
    const t = signedAt.getTime();
    const valid = leaf(t - 60_000, t + 600_000);
    const flipped = structuredClone(valid);
    const data = (flipped.verificationMaterial as Json).timestampVerificationData as {
      rfc3161Timestamps: { signedTimestamp: string }[];
    };
    const token = Buffer.from(data.rfc3161Timestamps[0]!.signedTimestamp, 'base64');
    token[token.length - 1]! ^= 0x01; // the last byte of the SignerInfo's signature
    data.rfc3161Timestamps[0]!.signedTimestamp = token.toString('base64');
    const [warm, after] = verdicts([valid, flipped], [root], trusting(sigstore));
    expect(warm).toBe('verified');
    expect(after).toMatch(/^TRUST_ROOT_INVALID: /);
  });
});
