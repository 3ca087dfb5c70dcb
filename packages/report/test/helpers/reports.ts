import {
  FINDING_CODES,
  VERIFY_REPORT_SCHEMA,
  type AttestationEvidence,
  type FindingCode,
  type VerifyReport,
  type WorkloadReport,
} from '@trailmark/core';

// Hand-built verify reports for the renderer tests: the shop demo cluster after a bad week. One
// workload verified end to end, one with forged annotations (carrying markup and a terminal escape,
// as an attacker with `kubectl annotate` could write), one changed by `kubectl edit`, one
// unattested privileged pod that mounts a secret, one with a live and one with an expired policy
// exception. Findings with and without a source. Digests are invented but well-formed.

const hex = (seed: string): string => seed.repeat(64).slice(0, 64);
/** `sha256:` + 64 hex characters made from a seed character. */
export const digest = (seed: string): string => `sha256:${hex(seed)}`;

const COMMIT = '9f1c2a7e4b5d6c8f0a1b2c3d4e5f60718293a4b5';
const REPO = 'https://github.com/acme/shop';
const BUILD = 'https://github.com/acme/shop/actions/runs/4242/attempts/1';
const permalink = (path: string, line: number): string => `${REPO}/blob/${COMMIT}/${path}#L${line}`;

/** The `<script>` an attacker put in the forged `trailmark.dev/owners` annotation. */
export const INJECTED_OWNER = `@acme/payments<script>document.title='pwned';window.pwned=1</script>`;
/** A forged chart annotation with an `<img onerror>` and a terminal escape sequence. */
export const INJECTED_CHART = 'shop@1.4.2"><img src=x onerror="window.pwned=2">\u001b[2J';

const ORIGIN_BUNDLE = digest('a');
const WEB_BUNDLE = digest('b');
const FORGED_BUNDLE = digest('c');
const FOREIGN_BUNDLE = digest('d');

const web: WorkloadReport = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'web',
  uid: '5d0f7c1e-0f43-4b1a-9d2e-2b1f6f1c9a01',
  attribution: 'verified',
  risky: false,
  risks: [
    {
      kind: 'automount-token',
      detail: 'service account token automounted (serviceAccountName default)',
      risky: false,
    },
  ],
  origin: {
    verified: true,
    attestation: ORIGIN_BUNDLE,
    source: { path: 'charts/shop/templates/web.yaml', line: 2 },
    sourceUrl: permalink('charts/shop/templates/web.yaml', 2),
    repository: REPO,
    commit: COMMIT,
    chart: 'shop@1.4.2',
    owners: ['@acme/web', '@alice'],
    introducer: {
      name: 'Alice Doe',
      email: 'alice@example.com',
      commit: '1111111111111111111111111111111111111111',
      date: '2026-10-02T09:14:00Z',
      via: 'blame',
    },
    operator: {
      id: 'release-bot',
      workflowRef: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
    },
    approvers: ['bob', 'carol'],
    build: BUILD,
    environment: 'prod',
  },
  containers: [
    {
      pod: 'web-7c9d8f6b5-x2x9q',
      name: 'web',
      type: 'container',
      image: 'ghcr.io/acme/shop-web:3.8.1',
      digest: digest('1'),
      attestations: [WEB_BUNDLE, ORIGIN_BUNDLE],
    },
    {
      pod: 'web-7c9d8f6b5-x2x9q',
      name: 'migrate',
      type: 'init',
      image: 'ghcr.io/acme/shop-migrate:3.8.1',
      digest: digest('2'),
      matchedDigest: digest('3'),
      attestations: [ORIGIN_BUNDLE],
    },
  ],
  findings: [],
};

const payments: WorkloadReport = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'payments-api',
  attribution: 'claimed',
  risky: true,
  risks: [
    {
      kind: 'secret-env',
      detail: 'secret payments-stripe key api-key as env STRIPE_KEY',
      container: 'api',
      at: { path: 'charts/shop/templates/payments.yaml', line: 31 },
      risky: true,
    },
  ],
  origin: {
    verified: false,
    source: { path: 'charts/shop/templates/payments.yaml', line: 7 },
    sourceUrl: permalink('charts/shop/templates/payments.yaml', 7),
    repository: REPO,
    chart: INJECTED_CHART,
    owners: [INJECTED_OWNER],
    approvers: [],
  },
  containers: [
    {
      pod: 'payments-api-6b8c7d9f4-k7lmn',
      name: 'api',
      type: 'container',
      image: 'ghcr.io/acme/shop-payments:3.8.1',
      digest: digest('4'),
      attestations: [ORIGIN_BUNDLE],
    },
  ],
  findings: [
    {
      code: 'ANNOTATIONS_MISMATCH',
      severity: 'high',
      message:
        'trailmark.dev/* annotations of Deployment shop/payments-api do not hash to the signed record (owners changed)',
      fails: true,
      source: { path: 'charts/shop/templates/payments.yaml', line: 7 },
      sourceUrl: permalink('charts/shop/templates/payments.yaml', 7),
      details: {
        attestation: ORIGIN_BUNDLE,
        expected: digest('e'),
        actual: digest('f'),
        keys: ['trailmark.dev/owners', 'trailmark.dev/chart'],
      },
    },
    {
      code: 'RISKY_UNATTRIBUTED',
      severity: 'critical',
      message:
        'Deployment shop/payments-api reads secret payments-stripe but its origin is only claimed',
      fails: true,
      container: 'api',
      source: { path: 'charts/shop/templates/payments.yaml', line: 31 },
      sourceUrl: permalink('charts/shop/templates/payments.yaml', 31),
    },
    {
      code: 'UNTRUSTED_SIGNER',
      severity: 'medium',
      message: `bundle ${FOREIGN_BUNDLE.slice(0, 19)}… for ghcr.io/acme/shop-payments is signed by https://github.com/mallory/shop/.github/workflows/release.yml@refs/heads/main`,
      fails: false,
      pod: 'payments-api-6b8c7d9f4-k7lmn',
      container: 'api',
      image: 'ghcr.io/acme/shop-payments:3.8.1',
      digest: digest('4'),
    },
  ],
};

const cart: WorkloadReport = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: 'shop',
  name: 'cart',
  attribution: 'claimed',
  risky: false,
  risks: [],
  origin: {
    verified: true,
    attestation: ORIGIN_BUNDLE,
    source: { path: 'charts/shop/charts/cart/templates/deployment.yaml', line: 4 },
    sourceUrl: permalink('charts/shop/charts/cart/templates/deployment.yaml', 4),
    repository: REPO,
    commit: COMMIT,
    chart: 'cart@0.3.0',
    owners: ['@acme/cart'],
    introducer: { name: 'Dan Roe', email: 'dan@example.com', via: 'last-commit' },
    approvers: ['erin'],
    build: BUILD,
    environment: 'prod',
  },
  containers: [
    {
      pod: 'cart-5f6d7c8b9-q4wer',
      name: 'cart',
      type: 'container',
      image: 'ghcr.io/acme/shop-cart:0.3.0',
      digest: digest('5'),
      attestations: [ORIGIN_BUNDLE],
    },
  ],
  findings: [
    {
      code: 'DRIFT_MANUAL_CHANGE',
      severity: 'high',
      message:
        'kubectl-edit changed spec.replicas, spec.template.spec.containers[cart].env after the attested deploy (2026-11-20T16:02:11Z)',
      fails: true,
      source: { path: 'charts/shop/charts/cart/templates/deployment.yaml', line: 4 },
      sourceUrl: permalink('charts/shop/charts/cart/templates/deployment.yaml', 4),
      details: {
        manager: 'kubectl-edit',
        fields: ['spec.replicas', 'spec.template.spec.containers[cart].env'],
        time: '2026-11-20T16:02:11Z',
      },
    },
  ],
};

const debug: WorkloadReport = {
  apiVersion: 'v1',
  kind: 'Pod',
  namespace: 'default',
  name: 'debug-shell',
  attribution: 'none',
  risky: true,
  risks: [
    {
      kind: 'privileged',
      detail: 'securityContext.privileged: true',
      container: 'shell',
      risky: true,
    },
    {
      kind: 'secret-volume',
      detail: 'secret shop-db mounted at /etc/db',
      container: 'shell',
      risky: true,
    },
    { kind: 'host-path', detail: 'hostPath / mounted at /host', container: 'shell', risky: true },
  ],
  containers: [
    {
      pod: 'debug-shell',
      name: 'shell',
      type: 'container',
      image: 'docker.io/library/alpine:3.20',
      digest: digest('6'),
      attestations: [],
    },
    {
      pod: 'debug-shell',
      name: 'debugger-x7k2p',
      type: 'ephemeral',
      image: 'busybox',
      attestations: [],
    },
  ],
  findings: [
    {
      code: 'RISKY_UNATTRIBUTED',
      severity: 'critical',
      message:
        'Pod default/debug-shell runs privileged and mounts secret shop-db with no origin at all',
      fails: true,
    },
    {
      code: 'UNATTESTED_IMAGE',
      severity: 'high',
      message: `container shell runs docker.io/library/alpine:3.20@${digest('6')}, which no verified bundle names`,
      fails: true,
      pod: 'debug-shell',
      container: 'shell',
      image: 'docker.io/library/alpine:3.20',
      digest: digest('6'),
    },
    {
      code: 'UNATTESTED_IMAGE',
      severity: 'high',
      message: 'ephemeral container debugger-x7k2p runs busybox, running digest unknown',
      fails: true,
      pod: 'debug-shell',
      container: 'debugger-x7k2p',
      image: 'busybox',
    },
    {
      code: 'MISSING_PROVENANCE',
      severity: 'medium',
      message: 'Pod default/debug-shell carries no trailmark.dev/* annotations',
      fails: false,
    },
  ],
};

const backup: WorkloadReport = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  namespace: 'ops',
  name: 'nightly-backup',
  attribution: 'none',
  risky: false,
  risks: [],
  containers: [
    {
      pod: 'nightly-backup-29420160-8kq2z',
      name: 'backup',
      type: 'container',
      image: 'ghcr.io/acme/backup:1.0.0',
      digest: digest('7'),
      attestations: [],
    },
  ],
  findings: [
    {
      code: 'UNATTESTED_IMAGE',
      severity: 'high',
      message: `container backup runs ghcr.io/acme/backup:1.0.0@${digest('7')}, which no verified bundle names`,
      fails: false,
      pod: 'nightly-backup-29420160-8kq2z',
      container: 'backup',
      image: 'ghcr.io/acme/backup:1.0.0',
      digest: digest('7'),
      exception: {
        owner: '@acme/ops',
        reason: 'vendor image, attestation promised for Q1',
        expires: '2027-03-31',
        expired: false,
      },
    },
  ],
};

const exporter: WorkloadReport = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  namespace: 'monitoring',
  name: 'node-exporter',
  attribution: 'none',
  risky: true,
  risks: [
    { kind: 'host-network', detail: 'hostNetwork: true', risky: true },
    { kind: 'host-pid', detail: 'hostPID: true', risky: true },
  ],
  containers: [
    {
      pod: 'node-exporter-9zx8c',
      name: 'exporter',
      type: 'container',
      image: 'quay.io/prometheus/node-exporter:v1.8.2',
      digest: digest('8'),
      attestations: [],
    },
  ],
  findings: [
    {
      code: 'EXCEPTION_EXPIRED',
      severity: 'high',
      message:
        'exception for DaemonSet monitoring/node-exporter (RISKY_UNATTRIBUTED) expired on 2026-10-31',
      fails: true,
      exception: {
        owner: '@acme/sre',
        reason: 'upstream chart, not stamped yet',
        expires: '2026-10-31',
        expired: true,
      },
    },
  ],
};

const attestations: Omit<AttestationEvidence, 'predicate'>[] = [
  {
    id: ORIGIN_BUNDLE,
    sources: [{ kind: 'dir', location: 'attestations/shop-origin.sigstore.json' }],
    verified: true,
    signer: {
      subjectAlternativeName:
        'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepository: REPO,
      sourceRef: 'refs/heads/main',
      sourceDigest: COMMIT,
      buildSignerUri: 'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      runInvocationUri: BUILD,
    },
    identity: 'acme/shop release.yml on main',
    predicateType: 'https://trailmark.dev/deployment-origin/v1',
    subjects: [
      { name: 'ghcr.io/acme/shop-web', digest: digest('1') },
      { name: 'ghcr.io/acme/shop-payments', digest: digest('4') },
    ],
  },
  {
    id: WEB_BUNDLE,
    sources: [{ kind: 'oci', location: `ghcr.io/acme/shop-web@${digest('9')}` }],
    verified: true,
    signer: {
      subjectAlternativeName:
        'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
    },
    identity: 'acme/shop release.yml on main',
    predicateType: 'https://slsa.dev/provenance/v1',
    subjects: [{ name: 'ghcr.io/acme/shop-web', digest: digest('1') }],
  },
  {
    id: FORGED_BUNDLE,
    sources: [{ kind: 'dir', location: 'attestations/tampered.sigstore.json' }],
    verified: false,
    rejection: 'SIGNATURE_INVALID',
    reason: 'signature verification failed',
    predicateType: 'https://trailmark.dev/deployment-origin/v1',
    subjects: [{ name: 'docker.io/library/alpine', digest: digest('6') }],
  },
  {
    id: FOREIGN_BUNDLE,
    sources: [
      {
        kind: 'github',
        location: `https://api.github.com/repos/acme/shop/attestations/${digest('4')}`,
      },
    ],
    verified: false,
    rejection: 'UNTRUSTED_SIGNER',
    reason: 'certificate identity is not trusted by the policy',
    signer: {
      subjectAlternativeName:
        'https://github.com/mallory/shop/.github/workflows/release.yml@refs/heads/main',
      issuer: 'https://token.actions.githubusercontent.com',
      sourceRepository: 'https://github.com/mallory/shop',
    },
    predicateType: 'https://slsa.dev/provenance/v1',
    subjects: [{ name: 'ghcr.io/acme/shop-payments', digest: digest('4') }],
  },
];

/** The demo cluster after a bad week: verdict `fail`, six workloads, every kind of finding place. */
export function shopReport(): VerifyReport {
  return withSummary({
    schema: VERIFY_REPORT_SCHEMA,
    generatedAt: '2026-11-29T12:00:00.250Z',
    cluster: {
      kind: 'snapshot',
      file: 'examples/cluster.json',
      capturedAt: '2026-11-29T11:58:00Z',
    },
    policy: {
      file: '.trailmark/policy.yaml',
      failOn: [
        'UNATTESTED_IMAGE',
        'SIGNATURE_INVALID',
        'ANNOTATIONS_MISMATCH',
        'DRIFT_MANUAL_CHANGE',
        'DRIFT_IMAGE',
        'RISKY_UNATTRIBUTED',
        'EXCEPTION_EXPIRED',
      ],
    },
    workloads: [web, payments, cart, debug, backup, exporter],
    attestations,
  });
}

/** A clean cluster: only the verified workload, verdict `pass`, default policy, live cluster. */
export function passingReport(): VerifyReport {
  return withSummary({
    schema: VERIFY_REPORT_SCHEMA,
    generatedAt: '2026-11-29T12:00:00Z',
    cluster: { kind: 'cluster', context: 'prod', server: 'https://10.0.0.1:6443' },
    policy: { failOn: ['RISKY_UNATTRIBUTED'] },
    workloads: [web],
    attestations: attestations.slice(0, 2),
  });
}

// The summary, counted from the workloads (as verify counts it), and the verdict from it. A deep
// copy: tests change their report freely.
function withSummary(report: Omit<VerifyReport, 'summary' | 'verdict'>): VerifyReport {
  const findings: Partial<Record<FindingCode, number>> = {};
  const all = report.workloads.flatMap((w) => w.findings);
  for (const code of FINDING_CODES) {
    const count = all.filter((f) => f.code === code).length;
    if (count > 0) findings[code] = count;
  }
  const failing = all.filter((f) => f.fails).length;
  const verified = report.attestations.filter((a) => a.verified).length;
  return structuredClone({
    ...report,
    verdict: failing > 0 ? 'fail' : 'pass',
    summary: {
      workloads: report.workloads.length,
      attributed: report.workloads.filter((w) => w.attribution === 'verified').length,
      risky: report.workloads.filter((w) => w.risky).length,
      pods: new Set(
        report.workloads.flatMap((w) => w.containers.map((c) => `${w.namespace ?? ''}/${c.pod}`)),
      ).size,
      containers: report.workloads.reduce((n, w) => n + w.containers.length, 0),
      findings,
      failing,
      attestations: {
        total: report.attestations.length,
        verified,
        rejected: report.attestations.length - verified,
      },
    },
  });
}

/** The shop report with `copies` more of each workload (names suffixed `-<n>`): a large cluster. */
export function largeReport(copies: number): VerifyReport {
  const base = shopReport();
  const workloads = base.workloads.flatMap((workload) =>
    Array.from({ length: copies }, (_, n) => ({
      ...workload,
      name: `${workload.name}-${n}`,
      containers: workload.containers.map((c) => ({ ...c, pod: `${c.pod}-${n}` })),
    })),
  );
  return withSummary({ ...base, workloads });
}
