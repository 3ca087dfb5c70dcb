// The DSSE envelopes trailmark writes, checked by code that is not ours: Debian's
// python3-securesystemslib over a PAE computed in Python, and the openssl CLI over a PAE built here
// from the spec's text (not sigstore-js's preAuthEncoding).
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '@trailmark/attest';
import type { Statement } from '@trailmark/core';
import {
  createTempDir,
  startTestSigstore,
  type TempDir,
  type TestSigstore,
} from '@trailmark/testing';
import { createKeyBundler, createKeylessBundler, resolveIdentityToken } from '@trailmark/trailmark';
import { fixturePath } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const VERIFY = fixturePath('dsse', 'verify_dsse.py');

const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'ghcr.io/acme/shop', digest: { sha256: 'd'.repeat(64) } }],
  predicateType: 'https://trailmark.dev/deployment-origin/v1',
  predicate: { repository: { uri: 'https://github.com/acme/shop' }, note: 'non-ASCII: Zürich ✓' },
};

type SerializedBundle = Awaited<ReturnType<typeof signStatement>>;
interface Case {
  bundle: SerializedBundle;
  publicKeyPem: string;
  kind: 'ecdsa' | 'ed25519';
}

let tmp: TempDir;
let sigstore: TestSigstore;
const cases: Record<string, Case> = {};

beforeAll(async () => {
  requireSecuresystemslib();
  tmp = await createTempDir('trailmark-dsse-');
  for (const [name, kind, key] of [
    [
      'key-based ECDSA P-256',
      'ecdsa',
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    ],
    ['key-based Ed25519', 'ed25519', generateKeyPairSync('ed25519').privateKey],
  ] as const) {
    const signer = createKeyBundler(key.export({ type: 'pkcs8', format: 'pem' }).toString());
    cases[name] = {
      bundle: await signStatement(STATEMENT, signer.bundler),
      publicKeyPem: signer.publicKeyPem,
      kind,
    };
  }
  sigstore = await startTestSigstore();
  const identityToken = await resolveIdentityToken({ env: sigstore.actionsEnv });
  const bundler = createKeylessBundler({
    identityToken,
    fulcioURL: sigstore.fulcioURL,
    rekorURL: sigstore.rekorURL,
    tsaServerURL: sigstore.tsaServerURL,
    retry: 0,
  });
  const bundle = await signStatement(STATEMENT, bundler);
  cases['keyless (Fulcio certificate)'] = {
    bundle,
    publicKeyPem: publicKeyOfCertificate(bundle),
    kind: 'ecdsa',
  };
});

// Setup may have stopped before assigning either (securesystemslib missing): clean up what exists.
afterAll(async () => {
  await (sigstore as TestSigstore | undefined)?.close();
  await (tmp as TempDir | undefined)?.cleanup();
});

// securesystemslib comes from Debian; say how to get it rather than skip.
function requireSecuresystemslib(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import securesystemslib.signer'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import securesystemslib: run \`apt-get install python3-securesystemslib\` (.ci/run installs it)\n${probe.stderr}`,
    );
  }
}

// The leaf certificate's key, extracted by openssl.
function publicKeyOfCertificate(bundle: SerializedBundle): string {
  const der = join(tmp.path, 'leaf.der');
  writeFileSync(
    der,
    Buffer.from(bundle.verificationMaterial.certificate?.rawBytes ?? '', 'base64'),
  );
  return execFileSync('openssl', ['x509', '-inform', 'DER', '-in', der, '-pubkey', '-noout'], {
    encoding: 'utf8',
  });
}

function pythonVerify(
  name: string,
  bundle: SerializedBundle,
  c: Case,
): { status: number | null; stdout: string } {
  const file = (suffix: string): string => join(tmp.path, `${name.replace(/\W+/g, '-')}.${suffix}`);
  writeFileSync(file('sigstore.json'), JSON.stringify(bundle));
  writeFileSync(file('pub.pem'), c.publicKeyPem);
  const run = spawnSync(PYTHON, [VERIFY, file('sigstore.json'), file('pub.pem'), c.kind], {
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout + run.stderr };
}

// PAE straight from the DSSE spec: "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body.
function pae(envelope: NonNullable<SerializedBundle['dsseEnvelope']>): Buffer {
  const type = Buffer.from(envelope.payloadType, 'utf8');
  const body = Buffer.from(envelope.payload, 'base64');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${body.length} `),
    body,
  ]);
}

function opensslVerify(
  name: string,
  bundle: SerializedBundle,
  c: Case,
): { status: number | null; stdout: string } {
  const file = (suffix: string): string => join(tmp.path, `${name.replace(/\W+/g, '-')}.${suffix}`);
  const envelope = bundle.dsseEnvelope!;
  writeFileSync(file('pae.bin'), pae(envelope));
  writeFileSync(file('sig.bin'), Buffer.from(envelope.signatures[0]!.sig, 'base64'));
  writeFileSync(file('pub.pem'), c.publicKeyPem);
  const args =
    c.kind === 'ecdsa'
      ? [
          'dgst',
          '-sha256',
          '-verify',
          file('pub.pem'),
          '-signature',
          file('sig.bin'),
          file('pae.bin'),
        ]
      : [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          file('pub.pem'),
          '-rawin',
          '-in',
          file('pae.bin'),
          '-sigfile',
          file('sig.bin'),
        ];
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout + run.stderr };
}

const tamperings: Record<
  string,
  (envelope: NonNullable<SerializedBundle['dsseEnvelope']>) => void
> = {
  'payload changed': (envelope) => {
    const statement = JSON.parse(
      Buffer.from(envelope.payload, 'base64').toString('utf8'),
    ) as Statement;
    statement.subject[0]!.digest.sha256 = 'e'.repeat(64);
    envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  },
  'payloadType changed': (envelope) => {
    envelope.payloadType = 'application/json';
  },
};

function tampered(
  bundle: SerializedBundle,
  how: (envelope: NonNullable<SerializedBundle['dsseEnvelope']>) => void,
): SerializedBundle {
  const copy = structuredClone(bundle);
  how(copy.dsseEnvelope!);
  return copy;
}

const NAMES = ['key-based ECDSA P-256', 'key-based Ed25519', 'keyless (Fulcio certificate)'];

describe('DSSE interop: python3-securesystemslib', () => {
  it.each(NAMES)('%s verifies', (name) => {
    expect(pythonVerify(name, cases[name]!.bundle, cases[name]!)).toEqual({
      status: 0,
      stdout: 'OK\n',
    });
  });

  it.each(NAMES.flatMap((name) => Object.keys(tamperings).map((how) => [name, how] as const)))(
    '%s, %s: rejected',
    (name, how) => {
      const result = pythonVerify(
        `${name}-${how}`,
        tampered(cases[name]!.bundle, tamperings[how]!),
        cases[name]!,
      );
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^FAILED: UnverifiedSignatureError/);
    },
  );
});

describe('DSSE interop: openssl', () => {
  it.each(NAMES)('%s verifies', (name) => {
    const result = opensslVerify(name, cases[name]!.bundle, cases[name]!);
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/Verified OK|Signature Verified Successfully/);
  });

  it.each(NAMES)('%s with a changed payload: rejected', (name) => {
    const result = opensslVerify(
      `${name}-tampered`,
      tampered(cases[name]!.bundle, tamperings['payload changed']!),
      cases[name]!,
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).toMatch(/Verification failure|Signature Verification Failure/);
  });
});
