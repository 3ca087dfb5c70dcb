import { describe, expect, it } from 'vitest';
import {
  VerifyError,
  defaultPolicy,
  parseVerifyPolicy,
  policyKeyFiles,
  resolvePolicyKeys,
} from '../src/index.js';

const POLICY = `schema: https://trailmark.dev/verify-policy/v1
identities:
  - issuer: https://token.actions.githubusercontent.com
    subject: https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main
  - issuer: https://token.actions.githubusercontent.com
    subjectPattern: https://github\\.com/acme/[a-z-]+/\\.github/workflows/release\\.yml@refs/tags/v.*
    sourceRepository: https://github.com/acme/shop
  - key: keys/trailmark.pub
requiredPredicates: [https://slsa.dev/provenance/v1]
namespaces:
  include: [shop, 'team-*']
  exclude: [kube-system]
deployers: [kubectl-client-side-apply]
failOn: [RISKY_UNATTRIBUTED, EXCEPTION_EXPIRED, DRIFT_IMAGE]
exceptions:
  - code: UNATTESTED_IMAGE
    workload: DaemonSet/shop/*
    owner: '@acme/platform'
    reason: upstream node-exporter, not rebuilt here
    expires: 2024-06-30
`;

function errorOf(text: string): VerifyError {
  try {
    parseVerifyPolicy(text, 'policies/verify.yaml');
  } catch (err) {
    if (err instanceof VerifyError) return err;
    throw err;
  }
  throw new Error('parsed');
}

describe('parseVerifyPolicy', () => {
  it('reads every member; deployers add to the defaults; exceptions keep their line', () => {
    const draft = parseVerifyPolicy(POLICY, 'policies/verify.yaml');
    expect(draft.identities).toEqual([
      {
        kind: 'certificate',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: {
          exact: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
        },
      },
      {
        kind: 'certificate',
        issuer: 'https://token.actions.githubusercontent.com',
        subject: {
          pattern:
            'https://github\\.com/acme/[a-z-]+/\\.github/workflows/release\\.yml@refs/tags/v.*',
        },
        sourceRepository: { exact: 'https://github.com/acme/shop' },
      },
      { kind: 'key', file: 'keys/trailmark.pub', at: { path: 'policies/verify.yaml', line: 8 } },
    ]);
    expect(draft.namespaces).toEqual({ include: ['shop', 'team-*'], exclude: ['kube-system'] });
    expect(draft.deployers).toEqual([...defaultPolicy().deployers, 'kubectl-client-side-apply']);
    expect(draft.failOn).toEqual(['RISKY_UNATTRIBUTED', 'EXCEPTION_EXPIRED', 'DRIFT_IMAGE']);
    expect(draft.exceptions).toEqual([
      {
        code: 'UNATTESTED_IMAGE',
        workload: 'DaemonSet/shop/*',
        owner: '@acme/platform',
        reason: 'upstream node-exporter, not rebuilt here',
        expires: '2024-06-30',
        at: { path: 'policies/verify.yaml', line: 16 },
      },
    ]);
  });

  it('resolves key files against the policy directory; the facade supplies the PEMs', () => {
    const draft = parseVerifyPolicy(POLICY, 'policies/verify.yaml');
    expect(policyKeyFiles(draft)).toEqual(['policies/keys/trailmark.pub']);
    const pem = '-----BEGIN PUBLIC KEY-----\nMFkw…\n-----END PUBLIC KEY-----\n';
    const policy = resolvePolicyKeys(draft, new Map([['policies/keys/trailmark.pub', pem]]));
    expect(policy.identities[2]).toEqual({
      kind: 'key',
      publicKeyPem: pem,
      name: 'keys/trailmark.pub',
    });
    expect(() => resolvePolicyKeys(draft, new Map())).toThrow(
      'policies/verify.yaml:8: key file policies/keys/trailmark.pub was not read',
    );
  });

  it('an empty file is the default policy', () => {
    const { file, ...rest } = parseVerifyPolicy('', 'empty.yaml');
    expect(file).toBe('empty.yaml');
    expect(rest).toEqual(defaultPolicy());
  });

  it.each([
    [
      'identities:\n  - issuer: x\n    subject: [a]\n',
      'policies/verify.yaml:3: identities[0].subject: expected a non-empty string',
    ],
    [
      'identities:\n  - issuer: x\n    subjectPattern: "(unclosed"\n',
      'policies/verify.yaml:3: identities[0].subjectPattern: not a valid regular expression',
    ],
    [
      'identities:\n  - issuer: x\n    subject: a\n    subjectPattern: b\n',
      'policies/verify.yaml:2: identities[0]: give `subject` or `subjectPattern`, not both',
    ],
    [
      'identities:\n  - subject: a\n',
      'policies/verify.yaml:2: identities[0]: an identity needs `issuer`',
    ],
    [
      'failOn: [RISKY_UNATTRIBUTED, DRIFT]\n',
      'policies/verify.yaml:1: failOn[1]: unknown finding code "DRIFT"',
    ],
    ['namespace: [shop]\n', 'policies/verify.yaml:1: namespace: unknown member'],
    [
      'exceptions:\n  - code: DRIFT_IMAGE\n    workload: shop\n    owner: a\n    reason: b\n    expires: 2024-01-01\n',
      'policies/verify.yaml:3: exceptions[0].workload: expected Kind/namespace/name',
    ],
    [
      'exceptions:\n  - code: DRIFT_IMAGE\n    workload: Deployment/shop/web\n    owner: a\n    reason: b\n    expires: 2024-02-30\n',
      'policies/verify.yaml:6: exceptions[0].expires: expected a date YYYY-MM-DD',
    ],
    [
      'exceptions:\n  - code: DRIFT_IMAGE\n    workload: Deployment/shop/web\n    reason: b\n    expires: 2024-02-01\n',
      'policies/verify.yaml:2: exceptions[0]: an exception needs `owner`',
    ],
    [
      'schema: https://trailmark.dev/verify-policy/v2\n',
      'policies/verify.yaml:1: schema: unsupported schema',
    ],
    ['identities: [\n', 'policies/verify.yaml:2:'],
    ['failOn: a\nfailOn: b\n', 'policies/verify.yaml:2:'],
  ])('%j → %s', (text, message) => {
    const error = errorOf(text);
    expect(error.code).toBe('VERIFY_INVALID_POLICY');
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.location?.path).toBe('policies/verify.yaml');
  });
});
