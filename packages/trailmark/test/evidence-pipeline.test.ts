import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signStatement } from '@trailmark/attest';
import { PREDICATE_TYPE, type Statement } from '@trailmark/core';
import { REPO_ROOT, createTempDir, type TempDir } from '@trailmark/testing';
import { verifyAttestations } from '@trailmark/verify';
import { collectBundles } from '../src/collect-bundles.js';
import { createPredicateValidator } from '../src/predicate-validator.js';
import { readKeyIdentities } from '../src/key-identities.js';
import { createKeyBundler } from '../src/signers.js';
import { resolveTrustRoots } from '../src/trust-roots.js';

// The facade's pieces together: bundles from a directory, the bundled trusted roots, --key files
// and the schema-backed predicate validator, into verifyAttestations.

const CORPUS = join(REPO_ROOT, 'packages/verify/test/fixtures/sigstore-js-bundles');
const EXAMPLES = join(REPO_ROOT, 'schemas/examples/deployment-origin.v1');
let temp: TempDir;

beforeAll(async () => {
  temp = await createTempDir('trailmark-evidence-');
  await mkdir(join(temp.path, 'bundles'));
});
afterAll(async () => {
  await temp.cleanup();
});

describe('evidence from real public-good bundles', () => {
  it('verify against the bundled public-good root (GitHub’s root alongside)', async () => {
    for (const name of ['bundleV02-dsse', 'bundleV03-dsse', 'bundleV03-intoto'])
      await copyFile(
        join(CORPUS, `${name}.sigstore`),
        join(temp.path, 'bundles', `${name}.sigstore`),
      );
    const found = await collectBundles({ cwd: temp.path, bundleDirs: ['bundles'], images: [] });
    const { roots } = await resolveTrustRoots({ cwd: temp.path });
    const evidence = verifyAttestations({
      bundles: found.bundles,
      trustedRoots: roots,
      identities: [
        {
          kind: 'certificate',
          issuer: 'https://github.com/login/oauth',
          subject: { exact: 'brian@dehamer.com' },
        },
      ],
      validatePredicate: createPredicateValidator(),
    });
    expect(
      evidence
        .map((e) => [e.sources[0]?.location ?? '', e.verified] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    ).toEqual([
      ['bundles/bundleV02-dsse.sigstore', true],
      ['bundles/bundleV03-dsse.sigstore', true],
      ['bundles/bundleV03-intoto.sigstore', true],
    ]);
  });
});

describe('--key identities and the predicate schemas', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = createKeyBundler(
    key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
  const digest = `sha256:${'c'.repeat(64)}`;

  async function sign(name: string, predicate: unknown): Promise<void> {
    const statement: Statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'web', digest: { sha256: 'c'.repeat(64) } }],
      predicateType: PREDICATE_TYPE.deploymentOrigin,
      predicate,
    };
    const json = await signStatement(statement, signer.bundler);
    await writeFile(join(temp.path, 'keyed', name), JSON.stringify(json));
  }

  it('a schema-valid origin record verifies; a schema-invalid one is PREDICATE_INVALID', async () => {
    await mkdir(join(temp.path, 'keyed'), { recursive: true });
    await writeFile(join(temp.path, 'release.pub'), signer.publicKeyPem);
    const valid = JSON.parse(
      await readFile(join(EXAMPLES, 'valid-example-payments.json'), 'utf8'),
    ) as unknown;
    const invalid = JSON.parse(
      await readFile(join(EXAMPLES, 'invalid-annotations-digest-uppercase.json'), 'utf8'),
    ) as unknown;
    await sign('valid.sigstore.json', valid);
    await sign('invalid.sigstore.json', invalid);
    const found = await collectBundles({ cwd: temp.path, bundleDirs: ['keyed'], images: [] });
    const evidence = verifyAttestations({
      bundles: found.bundles,
      trustedRoots: [],
      identities: await readKeyIdentities(temp.path, ['release.pub']),
      validatePredicate: createPredicateValidator(),
    });
    const byFile = new Map(evidence.map((e) => [e.sources[0]?.location, e]));
    expect(byFile.get('keyed/valid.sigstore.json')).toMatchObject({
      verified: true,
      identity: 'key release.pub',
      subjects: [{ name: 'web', digest }],
    });
    expect(byFile.get('keyed/invalid.sigstore.json')).toMatchObject({
      verified: false,
      rejection: 'PREDICATE_INVALID',
      reason: expect.stringMatching(
        /does not match its schema: \/objects\/0\/annotationsDigest/,
      ) as string,
    });
  });

  it('an unreadable --key file is an input error naming it', async () => {
    await expect(readKeyIdentities(temp.path, ['missing.pub'])).rejects.toMatchObject({
      code: 'INPUT_NOT_FOUND',
      message: expect.stringContaining('missing.pub') as string,
    });
  });
});
