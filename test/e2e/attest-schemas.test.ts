import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBomValidator } from '@trailmark/sbom';
import { schemaValidator } from '@trailmark/trailmark';
import {
  REPO_ROOT,
  createTempDir,
  runTrailmark,
  startTestSigstore,
  type TempDir,
} from '@trailmark/testing';

interface Statement {
  predicateType: string;
  predicate: unknown;
}

/** Every predicate type `trailmark attest` writes, with the check its predicate must pass. */
const PREDICATE_CHECKS: Readonly<Record<string, (predicate: unknown) => Promise<unknown[]>>> = {
  'https://slsa.dev/provenance/v1': (predicate) =>
    Promise.resolve(schemaValidator('slsa-provenance.v1')(predicate)),
  'https://cyclonedx.org/bom': (predicate) => createBomValidator('1.6')(JSON.stringify(predicate)),
  'https://trailmark.dev/deployment-origin/v1': (predicate) =>
    Promise.resolve(schemaValidator('deployment-origin.v1')(predicate)),
};

/** Bundle file of each predicate type, as `trailmark attest -o DIR` names them. */
const FILE_PREDICATE: Readonly<Record<string, string>> = {
  'provenance.sigstore.json': 'https://slsa.dev/provenance/v1',
  'sbom.sigstore.json': 'https://cyclonedx.org/bom',
  'deployment-origin.sigstore.json': 'https://trailmark.dev/deployment-origin/v1',
};

const BUNDLES = [
  ['key', 'deployment-origin.sigstore.json'],
  ['key', 'sbom.sigstore.json'],
  ['keyless', 'deployment-origin.sigstore.json'],
  ['keyless', 'provenance.sigstore.json'],
  ['keyless', 'sbom.sigstore.json'],
] as const;

/** The in-toto statement inside a bundle's DSSE envelope (the exact signed bytes, decoded). */
function statementIn(path: string): Statement {
  const bundle = JSON.parse(readFileSync(path, 'utf8')) as {
    dsseEnvelope: { payloadType: string; payload: string };
  };
  expect(bundle.dsseEnvelope.payloadType).toBe('application/vnd.in-toto+json');
  return JSON.parse(
    Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8'),
  ) as Statement;
}

describe('trailmark attest output validates against the schemas', () => {
  let tmp: TempDir;
  let repo: string;
  const T = (args: string[], env: Record<string, string> = {}) =>
    runTrailmark(args, { cwd: repo, env });
  const inputs = [
    '--origin',
    'out/origin.json',
    '--sbom',
    'out/sbom.json',
    '--manifests',
    'out/prod.yaml',
  ];

  beforeAll(async () => {
    // The example release: stamp with an image pin, SBOM, a key pair (as test/e2e/attest.test.ts).
    tmp = await createTempDir('trailmark-attest-schemas-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
    const digest = `sha256:${'4f'.repeat(32)}`;
    for (const args of [
      [
        'stamp',
        'deploy/rendered/prod.yaml',
        '--chart',
        'charts/shop',
        '-f',
        'charts/shop/values-prod.yaml',
        '--image',
        `ghcr.io/acme/shop=${digest}`,
        '-o',
        'out/prod.yaml',
        '--origin-out',
        'out/origin.json',
      ],
      [
        'sbom',
        '.',
        '--chart',
        'charts/shop',
        '--manifests',
        'out/prod.yaml',
        '-o',
        'out/sbom.json',
      ],
      ['keygen', 'keys'],
      ['attest', ...inputs, '--key', 'keys/trailmark.key', '-o', 'out/key'],
    ]) {
      const run = await T(args);
      expect(run.code, run.stderr).toBe(0);
    }
    // Keyless in a simulated GitHub Actions job: the only run that also produces SLSA provenance.
    const sigstore = await startTestSigstore();
    try {
      const run = await T(
        [
          'attest',
          ...inputs,
          '--keyless',
          '--fulcio-url',
          sigstore.fulcioURL,
          '--rekor-url',
          sigstore.rekorURL ?? '',
          '-o',
          'out/keyless',
        ],
        sigstore.actionsEnv,
      );
      expect(run.code, run.stderr).toBe(0);
    } finally {
      await sigstore.close();
    }
  }, 60_000);
  afterAll(() => tmp.cleanup());

  it('wrote one bundle per predicate type: two with the key, three keyless', () => {
    const written = ['key', 'keyless'].flatMap((dir) =>
      readdirSync(join(repo, 'out', dir)).map((file) => `${dir}/${file}`),
    );
    expect(written.sort((a, b) => a.localeCompare(b))).toEqual(
      BUNDLES.map(([dir, file]) => `${dir}/${file}`),
    );
  });

  it.each(BUNDLES)(
    '%s/%s: the statement is an in-toto Statement v1 and its predicate passes its schema',
    async (dir, file) => {
      const statement = statementIn(join(repo, 'out', dir, file));
      expect(schemaValidator('in-toto-statement.v1')(statement)).toEqual([]);
      expect(statement.predicateType).toBe(FILE_PREDICATE[file]);
      const check = PREDICATE_CHECKS[statement.predicateType];
      if (check === undefined)
        throw new Error(`no schema check for predicate type ${statement.predicateType}`);
      expect(await check(statement.predicate)).toEqual([]);
    },
  );

  it('the keyless provenance uses GitHub’s buildType, so the schema’s GitHub branch applied', () => {
    const { predicate } = statementIn(join(repo, 'out/keyless/provenance.sigstore.json'));
    expect(predicate).toMatchObject({
      buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' },
    });
    // The branch is closed: one field GitHub does not write turns the same predicate invalid.
    const extended = structuredClone(predicate) as {
      runDetails: { metadata: Record<string, unknown> };
    };
    extended.runDetails.metadata.startedOn = '2025-01-01T00:00:00Z';
    expect(schemaValidator('slsa-provenance.v1')(extended)).not.toEqual([]);
  });
});
