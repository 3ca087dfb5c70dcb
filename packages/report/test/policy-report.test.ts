import { describe, expect, it } from 'vitest';
import { golden } from '@trailmark/testing';
import { renderPolicyReport, renderReport, toPolicyReports } from '../src/index.js';
import { passingReport, shopReport } from './helpers/reports.js';
import { policyReportCheck } from './helpers/validators.js';

const checkNamespaced = policyReportCheck('PolicyReport');
const checkCluster = policyReportCheck('ClusterPolicyReport');

describe('renderPolicyReport', () => {
  it('writes a List of one PolicyReport per namespace and a ClusterPolicyReport, each valid against its CRD', () => {
    const list = JSON.parse(renderPolicyReport(shopReport())) as ReturnType<typeof toPolicyReports>;
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(list.items.map((item) => [item.kind, item.metadata.namespace ?? '-'])).toEqual([
      ['PolicyReport', 'default'],
      ['PolicyReport', 'monitoring'],
      ['PolicyReport', 'ops'],
      ['PolicyReport', 'shop'],
      ['ClusterPolicyReport', '-'],
    ]);
    for (const item of list.items) {
      expect(item.apiVersion).toBe('wgpolicyk8s.io/v1alpha2');
      expect(item.metadata.name).toBe('trailmark-verify');
      const check = item.kind === 'PolicyReport' ? checkNamespaced : checkCluster;
      expect(check(item)).toEqual([]);
    }
  });

  it('the CRD check rejects what the API server would refuse or silently drop', () => {
    const [first] = toPolicyReports(shopReport()).items;
    expect(
      checkNamespaced({ ...first, results: [{ ...first!.results[0], severity: 'blocker' }] }),
    ).toEqual(['/results/0/severity must be equal to one of the allowed values']);
    expect(
      checkNamespaced({ ...first, results: [{ ...first!.results[0], status: 'fail' }] }),
    ).toEqual(['/results/0 must NOT have additional properties']);
  });

  it('gives each finding a result with rule, result, severity, the workload and its source', () => {
    const shop = toPolicyReports(shopReport()).items.find(
      (item) => item.metadata.namespace === 'shop',
    )!;
    const drift = shop.results.find((result) => result.rule === 'DRIFT_MANUAL_CHANGE')!;
    expect(drift).toEqual({
      policy: 'trailmark-verify',
      rule: 'DRIFT_MANUAL_CHANGE',
      result: 'fail',
      severity: 'high',
      category: 'Supply chain',
      scored: true,
      source: 'trailmark',
      message:
        'kubectl-edit changed spec.replicas, spec.template.spec.containers[cart].env after the attested deploy (2026-11-20T16:02:11Z)',
      resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cart' }],
      timestamp: { seconds: 1795953600, nanos: 250_000_000 },
      properties: {
        attribution: 'claimed',
        source: 'charts/shop/charts/cart/templates/deployment.yaml:4',
        sourceUrl:
          'https://github.com/acme/shop/blob/9f1c2a7e4b5d6c8f0a1b2c3d4e5f60718293a4b5/charts/shop/charts/cart/templates/deployment.yaml#L4',
        owners: '@acme/cart',
        commit: '9f1c2a7e4b5d6c8f0a1b2c3d4e5f60718293a4b5',
        'detail.manager': 'kubectl-edit',
        'detail.fields': 'spec.replicas,spec.template.spec.containers[cart].env',
        'detail.time': '2026-11-20T16:02:11Z',
      },
    });
    expect(shop.results.map((r) => [r.resources[0]!.name, r.rule, r.result])).toEqual([
      ['payments-api', 'RISKY_UNATTRIBUTED', 'fail'],
      ['payments-api', 'ANNOTATIONS_MISMATCH', 'fail'],
      ['payments-api', 'UNTRUSTED_SIGNER', 'warn'],
      ['cart', 'DRIFT_MANUAL_CHANGE', 'fail'],
      ['web', 'ATTRIBUTED', 'pass'],
    ]);
    expect(shop.summary).toEqual({ pass: 1, fail: 3, warn: 1, error: 0, skip: 0 });
  });

  it('marks a finding under a live exception as skip, with the exception in its properties', () => {
    const ops = toPolicyReports(shopReport()).items.find(
      (item) => item.metadata.namespace === 'ops',
    )!;
    expect(ops.summary).toEqual({ pass: 0, fail: 0, warn: 0, error: 0, skip: 1 });
    expect(ops.results[0]!.properties).toMatchObject({
      'exception.owner': '@acme/ops',
      'exception.expires': '2027-03-31',
      'exception.expired': 'false',
    });
  });

  it('keeps a cluster-scoped workload in the ClusterPolicyReport, and writes it empty otherwise', () => {
    const report = passingReport();
    const empty = toPolicyReports(report).items.at(-1)!;
    expect(empty).toMatchObject({
      kind: 'ClusterPolicyReport',
      results: [],
      summary: { pass: 0, fail: 0 },
    });
    report.workloads = [
      { ...report.workloads[0]!, namespace: undefined, kind: 'Node', name: 'worker-1' },
    ];
    delete report.workloads[0]!.namespace;
    const list = toPolicyReports(report);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]!.results[0]!.resources).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Node',
        name: 'worker-1',
        uid: '5d0f7c1e-0f43-4b1a-9d2e-2b1f6f1c9a01',
      },
    ]);
    expect(checkCluster(list.items[0])).toEqual([]);
    expect(JSON.parse(renderReport(report, 'policy-report'))).toEqual(list);
  });

  it('refuses a report whose time is not RFC 3339', () => {
    const report = { ...shopReport(), generatedAt: 'yesterday' };
    expect(() => toPolicyReports(report)).toThrow(
      /generatedAt "yesterday" is not an RFC 3339 time/,
    );
  });

  it('matches the golden', () => {
    const text = renderPolicyReport(shopReport());
    expect(text).toBe(golden(new URL('goldens/shop.policy-report.json', import.meta.url), text));
  });
});
