// The two measured workloads of bench/attest, shared by the children and the parent's reference
// run: trailmark's statement building and key signing, and bare node:crypto signatures.
import { createPrivateKey, sign } from 'node:crypto';
import { pae } from './attest-pae.mjs';

/** DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/**
 * trailmark, as the `attest` facade does it: subjects (images by digest, manifest files by hash),
 * the three statements, then a key bundler and one signed bundle per statement, serialised as the
 * facade writes it. Times building and signing separately, and each signature.
 */
export async function buildAndSign(attest, trailmark, input) {
  const start = performance.now();
  const images = input.images.map((ref) => attest.subjectFromImage(ref));
  const files = input.manifests.map((m) => attest.subjectFromFile(m.name, m.sha256));
  const all = [...images, ...files];
  const { PREDICATE_TYPE } = attest;
  const statements = [
    [
      'provenance',
      attest.buildStatement(
        all,
        PREDICATE_TYPE.slsaProvenance,
        attest.buildSlsaProvenance(input.context),
      ),
    ],
    [
      'sbom',
      attest.buildStatement(images, PREDICATE_TYPE.cyclonedx, attest.buildSbomPredicate(input.bom)),
    ],
    [
      'deployment-origin',
      attest.buildStatement(
        all,
        PREDICATE_TYPE.deploymentOrigin,
        attest.buildDeploymentOrigin(input.records),
      ),
    ],
  ];
  const built = performance.now();
  const { bundler } = trailmark.createKeyBundler(input.privateKeyPem);
  const signed = [];
  for (const [kind, statement] of statements) {
    const t = performance.now();
    const text = `${JSON.stringify(await attest.signStatement(statement, bundler), null, 2)}\n`;
    signed.push({ kind, text, ms: performance.now() - t });
  }
  const end = performance.now();
  return { statements, signed, buildMs: built - start, signMs: end - built, ms: end - start };
}

/**
 * The baseline: from the same PEM and the same payload bytes, what any DSSE signer must do —
 * parse the key, compute PAE, `sign('sha256', pae, key)` (DER ECDSA, what the bundle holds).
 */
export function signBare(payloads, privateKeyPem) {
  const start = performance.now();
  const key = createPrivateKey(privateKeyPem);
  const signed = payloads.map(({ kind, bytes }) => {
    const t = performance.now();
    const signature = sign('sha256', pae(IN_TOTO_PAYLOAD_TYPE, bytes), key);
    return { kind, signature, ms: performance.now() - t };
  });
  return { signed, ms: performance.now() - start };
}

/** The DSSE payload bytes and signature of a serialised Sigstore bundle. */
export function envelopeOf(bundleText) {
  const { dsseEnvelope } = JSON.parse(bundleText);
  return {
    payloadType: dsseEnvelope.payloadType,
    payload: Buffer.from(dsseEnvelope.payload, 'base64'),
    signature: Buffer.from(dsseEnvelope.signatures[0].sig, 'base64'),
  };
}
