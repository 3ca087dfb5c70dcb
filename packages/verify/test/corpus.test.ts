import { describe, expect, it } from 'vitest';
import {
  VerifyError,
  parseBundle,
  verifyBundle,
  type Artifact,
  type BundlePolicy,
  type BundleVerdictCode,
  type TrustedRoot,
} from '../src/index.js';
import {
  ISSUERS,
  ROOTS,
  artifactFile,
  identity,
  readFixture,
  readJson,
  stagingWithTestTsa,
  trustedRoot,
} from './helpers/fixtures.js';
import { flipPayloadByte, flipSignatureByte } from './helpers/tamper.js';

// Every bundle of the corpus (sigstore-js's compatibility bundles, sigstore-python's test assets)
// with the verdict its authors expect; the identities were read from the certificates.

interface Case {
  bundle: string;
  artifact: Artifact;
  policy: BundlePolicy;
  root: () => TrustedRoot;
  expected: 'ok' | BundleVerdictCode;
  dsse?: boolean;
}

const publicGood = (): TrustedRoot => trustedRoot(ROOTS.publicGood);
const staging = (): TrustedRoot => trustedRoot(ROOTS.staging);
const py = (file: string): string => `sigstore-python/${file}`;
const BEACON =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const RFC8785 =
  'https://github.com/trailofbits/rfc8785.py/.github/workflows/release.yml@refs/tags/v0.1.2';

// The npm tarball the sigstore-js statement names, by the only digest it gives (SHA-512).
const SIGSTORE_TGZ: Artifact = {
  kind: 'digest',
  sha512:
    '7bea9f6e7ff37f5fab0b36bf061200fff03099fd2fd696b91d04bc5e4f225eb9fd6e0cadcad54ba980f43fb352a99e8810b4e0abeb5c0ef2cf9108cd1f258b36',
};

const SIGSTORE_JS = [
  'bundleV01-dsse-no-proof',
  'bundleV01-dsse-with-proof',
  'bundleV01-full-cert-chain',
  'bundleV01-intoto-no-proof',
  'bundleV01-intoto-with-proof',
  'bundleV02-dsse',
  'bundleV02-intoto',
  'bundleV03-dsse',
  'bundleV03-intoto',
].map((name): Case => ({
  bundle: `sigstore-js-bundles/${name}.sigstore`,
  artifact: SIGSTORE_TGZ,
  policy: identity('brian@dehamer.com', ISSUERS.github),
  root: publicGood,
  expected: 'ok',
  dsse: true,
}));

const VERIFYING: Case[] = [
  ...SIGSTORE_JS,
  {
    bundle: py('bundle.txt.sigstore'),
    artifact: artifactFile(py('bundle.txt')),
    policy: identity('a@tny.town', ISSUERS.github),
    root: staging,
    expected: 'ok',
  },
  {
    bundle: py('bundle_v3.txt.sigstore'),
    artifact: artifactFile(py('bundle_v3.txt')),
    policy: identity('william@yossarian.net', ISSUERS.github),
    root: staging,
    expected: 'ok',
  },
  {
    bundle: py('bundle_v3_alt.txt.sigstore'),
    artifact: artifactFile(py('bundle_v3_alt.txt')),
    policy: identity('william@yossarian.net', ISSUERS.github),
    root: staging,
    expected: 'ok',
  },
  {
    bundle: py('integration/bundle_v3.txt.sigstore'),
    artifact: artifactFile(py('integration/bundle_v3.txt')),
    policy: identity('william@yossarian.net', ISSUERS.github),
    root: staging,
    expected: 'ok',
  },
  {
    bundle: py('bundle_v3_github.whl.sigstore'),
    artifact: artifactFile(py('bundle_v3_github.whl')),
    policy: identity(RFC8785, ISSUERS.actions),
    root: publicGood,
    expected: 'ok',
  },
  // v0.1 with a checkpoint-less inclusion proof; the tarball is not in the corpus, so by digest.
  {
    bundle: py('integration/Python-3.12.5.tgz.sigstore'),
    artifact: {
      kind: 'digest',
      sha256: '38dc4e2c261d49c661196066edbfb70fdb16be4a79cc8220c224dfeb5636d405',
    },
    policy: identity('thomas@python.org', ISSUERS.google),
    root: publicGood,
    expected: 'ok',
  },
  // Rekor v2 (hashedrekord 0.0.2, checkpoint only) with an RFC 3161 timestamp.
  {
    bundle: py('staging-rekor-v2.txt.sigstore.json'),
    artifact: artifactFile(py('staging-rekor-v2.txt')),
    policy: identity('jku@goto.fi', ISSUERS.github),
    root: staging,
    expected: 'ok',
  },
  // Rekor v2 DSSE logged as a hashedrekord over the PAE; its subject is conformance's a.txt.
  {
    bundle: py('a.dsse.staging-rekor-v2.txt.sigstore.json'),
    artifact: {
      kind: 'digest',
      sha256: 'a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf',
    },
    policy: identity(BEACON, ISSUERS.actions),
    root: staging,
    expected: 'ok',
    dsse: true,
  },
  // Two RFC 3161 timestamps, one of which does not verify (ignored, as sigstore-python does).
  {
    bundle: py('tsa/bundle.txt.sigstore'),
    artifact: artifactFile(py('tsa/bundle.txt')),
    policy: identity('alexis.challande@trailofbits.com', ISSUERS.google),
    root: () => stagingWithTestTsa(),
    expected: 'ok',
  },
];

const REJECTED: (Case & { why: string })[] = [
  {
    why: 'bad.txt is not the artifact bundle.txt signs',
    bundle: py('bundle.txt.sigstore'),
    artifact: artifactFile(py('bad.txt')),
    policy: identity('a@tny.town', ISSUERS.github),
    root: staging,
    expected: 'ARTIFACT_MISMATCH',
  },
  {
    why: 'the sample file is not the statement subject',
    bundle: py('a.dsse.staging-rekor-v2.txt.sigstore.json'),
    artifact: artifactFile(py('a.dsse.staging-rekor-v2.txt')),
    policy: identity(BEACON, ISSUERS.actions),
    root: staging,
    expected: 'ARTIFACT_MISMATCH',
  },
  {
    why: 'CVE-2022-36056: the log entry is for another signature',
    bundle: py('bundle_cve_2022_36056.txt.sigstore'),
    artifact: artifactFile(py('bundle_cve_2022_36056.txt')),
    policy: identity('william@yossarian.net', ISSUERS.github),
    root: staging,
    expected: 'SIGNATURE_INVALID',
  },
  {
    why: 'the certificate is not issued by a trusted Fulcio CA',
    bundle: py('tsa/bundle.txt.late_timestamp.sigstore'),
    artifact: artifactFile(py('tsa/bundle.txt')),
    policy: identity(
      'insecure-cloudtop-shared-user@cloudtop-prod-us-east.iam.gserviceaccount.com',
      ISSUERS.google,
    ),
    root: () => stagingWithTestTsa(),
    expected: 'TRUST_ROOT_INVALID',
  },
  {
    why: 'a staging bundle against the public-good root',
    bundle: py('bundle_v3.txt.sigstore'),
    artifact: artifactFile(py('bundle_v3.txt')),
    policy: identity('william@yossarian.net', ISSUERS.github),
    root: publicGood,
    expected: 'TRUST_ROOT_INVALID',
  },
  {
    why: "a public-good bundle against GitHub's private-instance root",
    bundle: py('bundle_v3_github.whl.sigstore'),
    artifact: artifactFile(py('bundle_v3_github.whl')),
    policy: identity(RFC8785, ISSUERS.actions),
    root: () => trustedRoot(ROOTS.github),
    expected: 'TRUST_ROOT_INVALID',
  },
  {
    why: 'the issuer differs by a trailing slash',
    bundle: py('bundle_v3_github.whl.sigstore'),
    artifact: artifactFile(py('bundle_v3_github.whl')),
    policy: identity(RFC8785, `${ISSUERS.actions}/`),
    root: publicGood,
    expected: 'UNTRUSTED_SIGNER',
  },
  {
    why: 'the identity is a prefix of the signer',
    bundle: py('bundle_v3_github.whl.sigstore'),
    artifact: artifactFile(py('bundle_v3_github.whl')),
    policy: identity('https://github.com/trailofbits/', ISSUERS.actions),
    root: publicGood,
    expected: 'UNTRUSTED_SIGNER',
  },
];

const MALFORMED: { bundle: string; message: RegExp }[] = [
  {
    bundle: py('bundle_invalid_version.txt.sigstore'),
    message: /unsupported mediaType "this is completely wrong"/,
  },
  {
    bundle: py('bundle_no_cert_v1.txt.sigstore'),
    message:
      /invalid v0\.1 bundle: verificationMaterial\.content\.x509CertificateChain\.certificates/,
  },
  { bundle: py('bundle_no_checkpoint.txt.sigstore'), message: /inclusionProof\.checkpoint/ },
  { bundle: py('bundle_no_checkpoint.txt.bundle'), message: /not valid JSON/ },
  {
    bundle: py('bundle_no_log_entry.txt.sigstore'),
    message: /neither a log inclusion promise nor an RFC 3161 timestamp/,
  },
  {
    bundle: py('bundle_v3_no_signed_time.txt.sigstore.json'),
    message: /neither a log inclusion promise nor an RFC 3161 timestamp/,
  },
  {
    bundle: py('tsa/bundle.many_timestamp.sigstore'),
    message: /33 RFC 3161 timestamps; at most 32/,
  },
  {
    bundle: py('tsa/bundle.duplicate.sigstore'),
    message: /same RFC 3161 timestamp more than once/,
  },
];

function verify(c: Case, bundleJson: unknown = readFixture(c.bundle)) {
  return verifyBundle({
    bundle: parseBundle(bundleJson),
    artifact: c.artifact,
    policy: c.policy,
    trustedRoot: c.root(),
  });
}

describe('corpus bundles that verify', () => {
  it.each(VERIFYING)('$bundle verifies', (c) => {
    const verdict = verify(c);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.code).toBeUndefined();
    expect(verdict.signer?.subjectAlternativeName).toBe(
      c.policy.kind === 'identity' ? c.policy.subjectAlternativeName : undefined,
    );
  });

  it.each(VERIFYING)('$bundle with one signature byte flipped does not verify', (c) => {
    const verdict = verify(c, flipSignatureByte(readJson(c.bundle)));
    expect(verdict).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
  });

  it.each(VERIFYING.filter((c) => c.dsse === true))(
    '$bundle with one payload byte flipped does not verify',
    (c) => {
      const verdict = verify(c, flipPayloadByte(readJson(c.bundle)));
      expect(verdict).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    },
  );

  it('returns the in-toto statement of a DSSE bundle, equal to sigstore-js statement.json', () => {
    const verdict = verify(SIGSTORE_JS[0]!);
    expect(verdict.statement).toEqual(readJson('sigstore-js-bundles/statement.json'));
  });

  it('reports the bundle version from the media type', () => {
    const versions = SIGSTORE_JS.map((c) => verify(c).bundleVersion);
    expect(versions).toEqual(['0.1', '0.1', '0.1', '0.1', '0.1', '0.2', '0.2', '0.3', '0.3']);
  });
});

describe('corpus bundles that are rejected', () => {
  it.each(REJECTED)('$bundle: $why → $expected', (c) => {
    expect(verify(c)).toMatchObject({ ok: false, code: c.expected });
  });

  it('a bundle whose RFC 3161 timestamp is not DER cannot be verified at all', () => {
    const c = VERIFYING.find((v) => v.bundle.endsWith('tsa/bundle.txt.sigstore'))!;
    const json = readJson(c.bundle);
    const data = (json.verificationMaterial as Record<string, unknown>).timestampVerificationData;
    (
      data as { rfc3161Timestamps: { signedTimestamp: string }[] }
    ).rfc3161Timestamps[0]!.signedTimestamp = 'AAAA';
    expect(() => verify(c, json)).toThrow(/verification material cannot be decoded/);
  });

  it.each(MALFORMED)('$bundle cannot be verified at all (VerifyError)', ({ bundle, message }) => {
    expect(() => parseBundle(readFixture(bundle))).toThrow(message);
    expect(() => parseBundle(readFixture(bundle))).toThrow(VerifyError);
  });
});
