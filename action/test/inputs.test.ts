import { describe, expect, it } from 'vitest';
import { parseImages, toPin, toSubject } from '../src/images.js';
import { globToRegExp } from '@trailmark/core';
import { checkInputs, parseBoolean, type RawInputs } from '../src/inputs.js';
import { inputs } from './helpers.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const release = { manifests: ['rendered.yaml'] };
const verify = { command: 'verify', snapshot: 'cluster.json', bundles: ['bundles'] };

describe('checkInputs: every invalid combination is refused with a sentence naming the input', () => {
  it.each<[string, Partial<RawInputs>, RegExp]>([
    [
      'no command',
      { command: '' },
      /command "" must be one of release, stamp, sbom, attest, verify/,
    ],
    ['an unknown command', { command: 'deploy', ...release }, /command "deploy" must be one of/],
    ['a later command', { command: 'trace' }, /"trace" is not in this version yet/],
    [
      'verify without any attestation source',
      { command: 'verify', snapshot: 'cluster.json' },
      /command verify: needs bundles, oci: true and\/or github-attestations/,
    ],
    [
      'verify with a snapshot and a kubeconfig',
      { ...verify, kubeconfig: 'kube.yaml' },
      /snapshot reads a file; kubeconfig and context are for a live cluster/,
    ],
    [
      'verify with a context and a snapshot',
      { ...verify, context: 'prod' },
      /snapshot reads a file; kubeconfig and context are for a live cluster/,
    ],
    [
      'verify with manifests',
      { ...verify, manifests: ['rendered.yaml'] },
      /command verify: input manifests is not used/,
    ],
    [
      'verify with images',
      { ...verify, images: `ghcr.io/acme/shop@${DIGEST}` },
      /command verify: input images is not used/,
    ],
    [
      'verify with the private key input',
      { ...verify, key: 'trailmark.key' },
      /input key is not used \(it is a private signing key; give public keys in verify-keys\)/,
    ],
    [
      'verify with registry credentials',
      { ...verify, registryUsername: 'me', registryPassword: 'pw' },
      /input registry-username is not used \(verify pulls anonymously; .*TRAILMARK_REGISTRY_HOST/,
    ],
    [
      'verify with push-to-registry',
      { ...verify, pushToRegistry: 'true' },
      /input push-to-registry is not used/,
    ],
    [
      'a certificate identity without an issuer',
      {
        ...verify,
        certificateIdentity: [
          'https://github.com/acme/shop/.github/workflows/r.yml@refs/heads/main',
        ],
      },
      /certificate-identity and certificate-identity-pattern need certificate-oidc-issuer/,
    ],
    [
      'an issuer that is not a URL',
      { ...verify, certificateOidcIssuer: 'github' },
      /certificate-oidc-issuer "github" must be an http\(s\) URL/,
    ],
    [
      'github-attestations that is not owner/repo',
      { ...verify, githubAttestations: ['acme'] },
      /github-attestations "acme" must be owner\/repo/,
    ],
    [
      'github-attestations without a token',
      { ...verify, githubAttestations: ['acme/shop'], githubToken: '' },
      /github-attestations needs github-token/,
    ],
    [
      'an unknown report format',
      { ...verify, reportFile: 'r.pdf', reportFormat: 'pdf' },
      /report-format "pdf" must be one of text, json, sarif, markdown, policy-report, html/,
    ],
    ['an empty sarif-file', { ...verify, sarifFile: ' ' }, /sarif-file must not be empty/],
    [
      'a fail-on-findings that is not a boolean',
      { ...verify, failOnFindings: 'no' },
      /fail-on-findings "no" must be true or false/,
    ],
    [
      'a verify input with release',
      { ...release, snapshot: 'cluster.json' },
      /command release: input snapshot is only read by command verify/,
    ],
    [
      'oci with attest',
      { command: 'attest', originFile: 'o.json', manifests: ['m.yaml'], oci: 'true' },
      /command attest: input oci is only read by command verify/,
    ],
    [
      'a report file with stamp',
      { command: 'stamp', ...release, reportFile: 'r.html' },
      /command stamp: input report-file is only read by command verify/,
    ],
    ['release without manifests', { command: 'release' }, /command release: needs manifests/],
    ['stamp without manifests', { command: 'stamp' }, /command stamp: needs manifests/],
    [
      'attest without origin-file or sbom-file',
      { command: 'attest', images: `ghcr.io/a/b@${DIGEST}` },
      /command attest: needs origin-file and\/or sbom-file/,
    ],
    [
      'attest without subjects',
      { command: 'attest', originFile: 'o.json' },
      /command attest: needs images and\/or manifests/,
    ],
    [
      'attest with sign: none',
      { command: 'attest', originFile: 'o.json', manifests: ['m.yaml'], sign: 'none' },
      /sign: none leaves nothing to do/,
    ],
    [
      'origin-file with release',
      { ...release, originFile: 'o.json' },
      /input origin-file is not used/,
    ],
    ['sbom-file with sbom', { command: 'sbom', sbomFile: 's.json' }, /input sbom-file is not used/],
    [
      'values with attest',
      { command: 'attest', originFile: 'o.json', manifests: ['m.yaml'], values: ['v.yaml'] },
      /input values is not used/,
    ],
    [
      'environment with sbom',
      { command: 'sbom', environment: 'prod' },
      /input environment is not used/,
    ],
    [
      'merge-sboms with stamp',
      { command: 'stamp', ...release, mergeSboms: ['x.json'] },
      /input merge-sboms is not used/,
    ],
    [
      'push-to-registry with stamp',
      { command: 'stamp', ...release, pushToRegistry: 'true' },
      /input push-to-registry is not used/,
    ],
    [
      'an unknown sign',
      { ...release, sign: 'gpg' },
      /sign "gpg" must be one of keyless, key, none/,
    ],
    ['sign: key without key', { ...release, sign: 'key' }, /sign: key needs key/],
    ['a key with sign: keyless', { ...release, key: 'k.pem' }, /key is set but sign is "keyless"/],
    [
      'a Fulcio URL that is not a URL',
      { ...release, fulcioUrl: 'fulcio' },
      /fulcio-url "fulcio" must be an http\(s\) URL/,
    ],
    [
      'a TSA URL that is not a URL',
      { ...release, tsaUrl: 'ts a' },
      /tsa-url "ts a" must be an http\(s\) URL/,
    ],
    [
      'a boolean that is not one',
      { ...release, pushToRegistry: 'yes' },
      /push-to-registry "yes" must be true or false/,
    ],
    [
      'upload without a token',
      { ...release, githubToken: '' },
      /upload-attestations: true needs github-token/,
    ],
    [
      'a registry user without password',
      { ...release, registryUsername: 'me' },
      /registry-username and registry-password go together/,
    ],
    [
      'an unknown annotations mode',
      { ...release, annotations: 'none' },
      /annotations "none" must be one of full, minimal/,
    ],
    ['an empty output-dir', { ...release, outputDir: ' ' }, /output-dir must not be empty/],
    [
      'an image without digest',
      { ...release, images: 'ghcr.io/acme/shop:1.0' },
      /images line 1 "ghcr.io\/acme\/shop:1.0": expected REF@sha256/,
    ],
    ['a short digest', { ...release, images: `\nghcr.io/acme/shop@sha256:abc` }, /images line 2/],
    [
      'build metadata without digest',
      { ...release, images: '{"image.name":"ghcr.io/acme/shop:1"}' },
      /build metadata needs "containerimage.digest"/,
    ],
    [
      'build metadata that is not JSON',
      { ...release, images: '{nope' },
      /starts with "\{" but is not JSON/,
    ],
  ])('%s', (_label, overrides, message) => {
    const checked = checkInputs(inputs(overrides));
    expect(checked.ok).toBe(false);
    expect(checked.ok ? [] : checked.problems).toContainEqual(expect.stringMatching(message));
  });

  it('reports every problem at once', () => {
    const checked = checkInputs(inputs({ command: 'stamp', sign: 'key', pushToRegistry: 'maybe' }));
    expect(checked.ok ? [] : checked.problems).toHaveLength(3);
  });

  it.each<[string, Partial<RawInputs>]>([
    ['release with the defaults', release],
    ['release without signing and without a token', { ...release, sign: 'none', githubToken: '' }],
    [
      'stamp (signing inputs keep their defaults)',
      { command: 'stamp', ...release, environment: 'prod', values: ['v.yaml'] },
    ],
    [
      'sbom with merges',
      { command: 'sbom', mergeSboms: ['image.cdx.json'], sbomPaths: ['app', 'tools'] },
    ],
    [
      'attest with a key',
      {
        command: 'attest',
        originFile: 'o.json',
        sbomFile: 's.json',
        manifests: ['m.yaml'],
        sign: 'key',
        key: 'k.pem',
      },
    ],
    ['keyless with no URL: the instance follows the visibility', { ...release }],
    [
      'keyless with only a TSA (GitHub private repositories)',
      { ...release, rekorUrl: '', tsaUrl: 'https://timestamp.githubapp.com/api/v1/timestamp' },
    ],
    [
      'a registry login',
      { ...release, pushToRegistry: 'True', registryUsername: 'me', registryPassword: 'pw' },
    ],
    ['verify a snapshot against bundles', verify],
    [
      'verify a live cluster through the registries and the attestations API',
      {
        command: 'verify',
        kubeconfig: 'kube.yaml',
        context: 'prod',
        oci: 'true',
        githubAttestations: ['acme/shop'],
      },
    ],
    [
      'verify with KUBECONFIG from the environment (no snapshot, no kubeconfig)',
      { command: 'verify', bundles: ['b'] },
    ],
    [
      'verify with keyless identities (sign keeps its default, ignored by verify)',
      {
        ...verify,
        certificateIdentityPattern: [
          'https://github\\.com/acme/shop/\\.github/workflows/release\\.yml@refs/heads/main',
        ],
        certificateOidcIssuer: 'https://token.actions.githubusercontent.com',
      },
    ],
  ])('accepts %s', (_label, overrides) => {
    expect(checkInputs(inputs(overrides))).toMatchObject({ ok: true });
  });

  it('turns the raw strings into typed inputs', () => {
    const checked = checkInputs(
      inputs({
        ...release,
        images: `ghcr.io/acme/shop:1.4@${DIGEST}`,
        pushToRegistry: 'TRUE',
        fulcioUrl: 'https://fulcio.sigstore.dev',
        rekorUrl: '',
        tsaUrl: 'https://tsa.example/ts',
        chart: 'charts/shop',
      }),
    );
    expect(checked).toMatchObject({
      ok: true,
      inputs: {
        command: 'release',
        chart: 'charts/shop',
        images: [{ ref: 'ghcr.io/acme/shop:1.4', digest: DIGEST }],
        pushToRegistry: true,
        uploadAttestations: true,
        signing: {
          kind: 'keyless',
          fulcioUrl: 'https://fulcio.sigstore.dev',
          tsaUrl: 'https://tsa.example/ts',
        },
      },
    });
  });
});

describe('checkInputs: command verify', () => {
  it('turns the raw strings into the verify inputs', () => {
    const checked = checkInputs(
      inputs({
        ...verify,
        bundles: ['out/attestations', 'more'],
        verifyKeys: ['keys/trailmark.pub'],
        policy: 'policy.yaml',
        reportFile: 'evidence.html',
        failOnFindings: 'False',
      }),
    );
    expect(checked).toMatchObject({
      ok: true,
      inputs: {
        command: 'verify',
        verify: {
          snapshot: 'cluster.json',
          bundles: ['out/attestations', 'more'],
          oci: false,
          keys: ['keys/trailmark.pub'],
          policy: 'policy.yaml',
          sarifFile: 'trailmark-verify.sarif',
          report: { file: 'evidence.html', format: 'html' },
          failOnFindings: false,
        },
      },
    });
  });

  it('leaves the verify inputs out of the other commands', () => {
    expect(checkInputs(inputs(release))).toMatchObject({ ok: true });
    const checked = checkInputs(inputs(release));
    expect(checked.ok && checked.inputs.verify).toBe(undefined);
  });
});

describe('parseImages', () => {
  it('reads lines, skipping blanks and comments', () => {
    expect(
      parseImages(
        `# built here\nghcr.io/acme/shop@${DIGEST}\n\n  ghcr.io/acme/worker:2@${DIGEST}  \n`,
      ).images,
    ).toEqual([
      { ref: 'ghcr.io/acme/shop', digest: DIGEST },
      { ref: 'ghcr.io/acme/worker:2', digest: DIGEST },
    ]);
  });

  it("reads docker/build-push-action's metadata output", () => {
    const metadata = JSON.stringify({
      'buildx.build.ref': 'x',
      'containerimage.digest': DIGEST,
      'image.name': 'ghcr.io/acme/shop:1.4.2,ghcr.io/acme/shop:latest',
    });
    const { images, problems } = parseImages(metadata);
    expect(problems).toEqual([]);
    expect(images.map(toPin)).toEqual([
      `ghcr.io/acme/shop:1.4.2@${DIGEST}`,
      `ghcr.io/acme/shop:latest@${DIGEST}`,
    ]);
    expect(new Set(images.map(toSubject))).toEqual(new Set([`ghcr.io/acme/shop@${DIGEST}`]));
  });

  it('keeps a registry port when dropping the tag for the subject', () => {
    expect(toSubject({ ref: 'localhost:5000/acme/shop:1', digest: DIGEST })).toBe(
      `localhost:5000/acme/shop@${DIGEST}`,
    );
    expect(toSubject({ ref: 'localhost:5000/acme/shop', digest: DIGEST })).toBe(
      `localhost:5000/acme/shop@${DIGEST}`,
    );
  });
});

describe('parseBoolean and globToRegExp', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['yes', undefined],
    ['1', undefined],
    ['', undefined],
  ] as const)('%s → %s', (text, value) => {
    expect(parseBoolean(text)).toBe(value);
  });

  it.each([
    ['deploy/*.yaml', 'deploy/prod.yaml', true],
    ['deploy/*.yaml', 'deploy/x/prod.yaml', false],
    ['deploy/**/*.yaml', 'deploy/x/y/prod.yaml', true],
    ['deploy/**/*.yaml', 'deploy/prod.yaml', true],
    ['*.yaml', 'deploy/prod.yaml', false],
    ['rendered/prod.y?ml', 'rendered/prod.yaml', true],
    ['rendered/[ps]*.yaml', 'rendered/staging.yaml', true],
    ['rendered/[!ps]*.yaml', 'rendered/staging.yaml', false],
    ['a.b/*.yaml', 'aXb/c.yaml', false],
  ] as const)('%s against %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});
