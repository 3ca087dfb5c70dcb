import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/index.js';
import { fixture, traceErrorOf } from './fixtures.js';

describe('Alertmanager webhook v4 payloads (real, from prometheus-msteams)', () => {
  it('reads every alert of a payload, each at the line it starts on', () => {
    const name = 'card-grafana-inspired-payload.json';
    const alerts = parseAlerts(fixture(`alerts/alertmanager/${name}`), name);
    expect(alerts.map((a) => [a.id, a.at.line])).toEqual([
      ['ff6a7a0f5f1c1309', 5],
      ['554664fa753a2b45', 27],
      ['911c76f0240f015b', 49],
    ]);
    expect(alerts[0]).toMatchObject({
      format: 'alertmanager',
      source: 'alertmanager',
      rule: 'JustATestAlert_1',
      priority: 'info',
      severity: 'info',
      status: 'firing',
      time: '2020-10-11T14:34:11.279383004Z',
      message: 'Ratio(Max(Working Set, RSS) / Reservation) [5m Avg] < 40 %',
    });
    // `whatever/promstack` is no namespace name: it is not passed on as one.
    expect(alerts[0]?.namespace).toBeUndefined();
  });

  it('reads a payload whose status is set on the group only', () => {
    const name = 'prom_post_request.json';
    const [alert] = parseAlerts(fixture(`alerts/alertmanager/${name}`), name);
    expect(alert).toMatchObject({
      rule: 'high_memory_load',
      severity: 'medium',
      status: 'firing',
      time: '2018-03-07T06:33:21.873077559-05:00',
      message: 'Server High Memory usage',
      fields: {
        description: '10.80.40.11 reported high memory usage with 23.28%.',
        job: 'docker_nodes',
      },
      at: { path: name, line: 20 },
    });
  });

  it('refuses the documented format, a template that is not JSON, naming its line', () => {
    const name = 'webhook-payload-format.configuration.md.L1989-2014.txt';
    const error = traceErrorOf(
      () => parseAlerts(fixture(`alerts/alertmanager/${name}`), name),
      'TRACE_ALERT_PARSE',
    );
    expect(error.message).toMatch(
      /^webhook-payload-format\.configuration\.md\.L1989-2014\.txt:1: not valid JSON/,
    );
  });
});

describe('Alertmanager labels (kube-prometheus and kube-state-metrics names)', () => {
  const payload = {
    version: '4',
    status: 'resolved',
    receiver: 'oncall',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    alerts: [
      {
        status: 'resolved',
        labels: {
          alertname: 'KubePodCrashLooping',
          severity: 'warning',
          namespace: 'shop',
          pod: 'api-7d9f8c6b5-x2x7q',
          container: 'api',
          deployment: 'api',
        },
        annotations: { description: 'Pod shop/api-7d9f8c6b5-x2x7q is crash looping.' },
        startsAt: '2024-03-01T10:00:00Z',
        fingerprint: '0a1b2c3d4e5f6071',
      },
      {
        status: 'firing',
        labels: {
          alertname: 'KubeJobFailed',
          severity: 'critical',
          namespace: 'shop',
          job_name: 'migrate-42',
        },
        startsAt: '2024-03-01T10:05:00Z',
      },
    ],
  };

  it('maps namespace, pod, container and the workload label to the alert', () => {
    const [crash, job] = parseAlerts(JSON.stringify(payload, null, 2), 'am.json');
    expect(crash).toMatchObject({
      status: 'resolved',
      severity: 'medium',
      namespace: 'shop',
      pod: 'api-7d9f8c6b5-x2x7q',
      container: 'api',
      id: '0a1b2c3d4e5f6071',
      message: 'Pod shop/api-7d9f8c6b5-x2x7q is crash looping.',
      object: { kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'shop', name: 'api' },
    });
    expect(job).toMatchObject({
      severity: 'critical',
      status: 'firing',
      object: { kind: 'Job', name: 'migrate-42', namespace: 'shop' },
    });
  });

  it('names the alert that has no labels', () => {
    const bad = { ...payload, alerts: [payload.alerts[0], { annotations: {} }] };
    const error = traceErrorOf(
      () => parseAlerts(JSON.stringify(bad, null, 2), 'am.json'),
      'TRACE_ALERT_PARSE',
    );
    expect(error.message).toMatch(/^am\.json:23: not an Alertmanager alert: no "labels" object$/);
  });
});
