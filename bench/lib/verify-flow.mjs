// The measured workloads of bench/verify, run in the children: @sigstore/verify's own Verifier over
// the 500 bundles (the baseline), trailmark's verifyAttestations over the same bundles, evaluate()
// over the snapshot with that evidence, and the facade's verify() end to end.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The bundle files of `dir`, sorted, read into memory (not timed by any measurement). */
export function readBundleFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.sigstore.json'))
    .sort()
    .map((name) => ({ path: join(dir, name), bytes: readFileSync(join(dir, name)) }));
}

/** `^…$` around the escaped identity: @sigstore/verify matches the SAN as an unanchored regex. */
export function exactly(identity) {
  return `^${identity.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`;
}

/**
 * The baseline: what a verifier built directly on @sigstore/verify does for each bundle —
 * trust material from the trusted root once, one `Verifier`, then per bundle JSON parse,
 * `bundleFromJSON`, `toSignedEntity`, `verify` with the anchored SAN and the issuer. Thresholds:
 * one tlog entry, one SCT, one timestamp (sigstore-js' defaults). Returns the time and the SANs.
 */
export async function verifyWithSigstore(files, trustedRootJson, identity) {
  const [{ Verifier, toSignedEntity, toTrustMaterial }, { bundleFromJSON }, { TrustedRoot }] =
    await Promise.all([
      import('@sigstore/verify'),
      import('@sigstore/bundle'),
      import('@sigstore/protobuf-specs'),
    ]);
  const policy = {
    subjectAlternativeName: exactly(identity.san),
    extensions: { issuer: identity.issuer },
  };
  const start = performance.now();
  const trust = toTrustMaterial(TrustedRoot.fromJSON(trustedRootJson));
  const verifier = new Verifier(trust, {
    tlogThreshold: 1,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  });
  const sans = files.map(({ bytes }) => {
    const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
    const signer = verifier.verify(toSignedEntity(bundle), policy);
    return signer.identity?.subjectAlternativeName;
  });
  return { ms: performance.now() - start, sans };
}

/**
 * The policy file of the benchmark (`--policy`): the one identity that signed (exact SAN, issuer,
 * source repository and ref), and `kubectl` (server-side apply) as a deployer besides the defaults.
 */
export function policyYaml(meta) {
  return `# bench/verify: trust the release workflow of acme/shop, deployed with kubectl apply --server-side.
schema: https://trailmark.dev/verify-policy/v1
identities:
  - issuer: ${meta.identity.issuer}
    subject: ${meta.identity.san}
    sourceRepository: ${meta.sourceRepository}
    sourceRef: ${meta.sourceRef}
deployers:
  - kubectl
`;
}

/** verifyAttestations' input for `files` (each found in the bundle directory). */
export function attestationInput(files, trustedRoots, identities) {
  return {
    bundles: files.map((f) => ({
      bytes: new Uint8Array(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength),
      source: { kind: 'dir', location: f.path },
    })),
    trustedRoots,
    identities,
  };
}

/** The report's counts that the benchmark reports and checks. */
export function reportFigures(report) {
  const s = report.summary;
  return {
    verdict: report.verdict,
    workloads: s.workloads,
    attributed: s.attributed,
    risky: s.risky,
    pods: s.pods,
    containers: s.containers,
    findings: s.findings,
    failing: s.failing,
    attestations: s.attestations,
  };
}
