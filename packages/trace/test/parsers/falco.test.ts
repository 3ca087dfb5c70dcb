import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/index.js';
import { fixture, traceErrorOf } from './fixtures.js';

const JSONL = 'falco-website-doc-events.jsonl';
const jsonl = fixture(`alerts/falco/${JSONL}`);

describe('Falco JSON events (real events from Falco docs and blog)', () => {
  const alerts = parseAlerts(jsonl, JSONL);

  it('reads every event, skipping the six internal metrics snapshots, each at its own line', () => {
    expect(alerts).toHaveLength(14);
    expect(alerts.map((alert) => alert.at.line)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 19,
    ]);
    expect(alerts.every((alert) => alert.format === 'falco' && alert.at.path === JSONL)).toBe(true);
  });

  it('reads a syscall event: namespace, pod, container, image, rule, time, severity, fields', () => {
    const alert = alerts.find((a) => a.at.line === 9);
    expect(alert).toMatchObject({
      source: 'syscall',
      rule: 'Contact K8S API Server From Container',
      priority: 'Notice',
      severity: 'low',
      time: '2021-04-10T19:27:21.038853452Z',
      namespace: 'openfaas-fn',
      pod: 'falco-pod-delete-7dc9f5fbb8-gbfk7',
      containerId: '12fc4de5ccc3',
      image: 'devopps/falco-pod-delete:latest',
    });
    expect(alert?.fields).toHaveProperty('fd.name');
    expect(alert?.message).toMatch(/^19:27:21\.038853452: Notice Unexpected connection/);
  });

  it('maps Critical to critical and keeps tags and hostname among the fields', () => {
    const alert = alerts.at(-1);
    expect(alert).toMatchObject({ severity: 'critical', pod: 'kubecon', user: 'root' });
    expect(alert?.fields).toMatchObject({
      'proc.cmdline': 'sh -c clear; (bash || ash || sh)',
      hostname: 'falco-xczjd',
      tags: 'container,mitre_execution,shell',
    });
  });

  it('reads a k8saudit-plugin event: the object, the user, the pod of an exec', () => {
    expect(alerts[3]).toMatchObject({
      source: 'k8s_audit',
      rule: 'Attach/Exec Pod',
      namespace: 'hello-app',
      pod: 'nginx-676b6c5bbc-4xc6t',
      user: 'kubernetes-admin',
      object: {
        kind: 'Pod',
        name: 'nginx-676b6c5bbc-4xc6t',
        resource: 'pods',
        subresource: 'exec',
      },
    });
    expect(alerts[4]?.object).toMatchObject({ kind: 'ServiceAccount', namespace: 'default' });
  });

  it('reads the same events as one pretty-printed JSON array, each at the line it starts on', () => {
    const array = `[\n${jsonl
      .trim()
      .split('\n')
      .map((line) => `  ${line}`)
      .join(',\n')}\n]\n`;
    const fromArray = parseAlerts(array, 'events.json');
    expect(fromArray.map((a) => a.at.line)).toEqual(alerts.map((a) => a.at.line + 1));
    expect(fromArray.map((a) => ({ ...a, at: undefined }))).toEqual(
      alerts.map((a) => ({ ...a, at: undefined })),
    );
  });

  it('reads each wrapped event of the extracted collection as the JSON lines file does', () => {
    const wrapped = JSON.parse(fixture('alerts/falco/falco-website-doc-events.json')) as {
      event: unknown;
    }[];
    const events = wrapped.flatMap((w) =>
      parseAlerts(JSON.stringify(w.event, null, 2), 'one.json'),
    );
    expect(events.map((a) => [a.rule, a.time, a.pod])).toEqual(
      alerts.map((a) => [a.rule, a.time, a.pod]),
    );
    // The wrapper itself is not an alert: the error names the line of the first wrapper.
    const error = traceErrorOf(
      () => parseAlerts(fixture('alerts/falco/falco-website-doc-events.json'), 'w.json'),
      'TRACE_ALERT_FORMAT_UNKNOWN',
    );
    expect(error.message).toMatch(/^w\.json:2: not an alert of a known format/);
  });
});

describe('Falco output fields', () => {
  const event = {
    uuid: '0f4bd7c3-9b6a-4b8f-9a1e-8a6d2d1f0e11',
    time: '2024-03-01T10:00:00.123456789Z',
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    source: 'syscall',
    output: 'Sensitive file opened for reading',
    output_fields: {
      'k8s.ns.name': 'shop',
      'k8s.pod.name': 'api-7d9f8c6b5-x2x7q',
      'container.id': 'a1b2c3d4e5f6',
      'container.name': 'api',
      'container.image.repository': 'ghcr.io/acme/api',
      'container.image.tag': '1.4.2',
      'container.image.digest': `sha256:${'ab'.repeat(32)}`,
      'k8s.pod.label[trailmark.dev/origin]': 'sha256-1234',
      'k8s.pod.labels': ['app:api', 'pod-template-hash:7d9f8c6b5'],
      'user.name': 'root',
      'proc.cmdline':
        'curl -H Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789 https://x',
      'fd.name': '/etc/shadow',
    },
  };

  it('fills container, image, digest, labels, user and the id from a uuid', () => {
    const [alert] = parseAlerts(JSON.stringify(event), 'e.json', { format: 'falco' });
    expect(alert).toMatchObject({
      format: 'falco',
      id: event.uuid,
      severity: 'medium',
      namespace: 'shop',
      pod: 'api-7d9f8c6b5-x2x7q',
      container: 'api',
      containerId: 'a1b2c3d4e5f6',
      image: 'ghcr.io/acme/api:1.4.2',
      digest: `sha256:${'ab'.repeat(32)}`,
      user: 'root',
      labels: {
        app: 'api',
        'pod-template-hash': '7d9f8c6b5',
        'trailmark.dev/origin': 'sha256-1234',
      },
    });
    expect(alert?.fields?.['fd.name']).toBe('/etc/shadow');
  });

  it('scrubs a token from a command line', () => {
    const [alert] = parseAlerts(JSON.stringify(event), 'e.json');
    expect(JSON.stringify(alert)).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(alert?.fields?.['proc.cmdline']).toMatch(/^curl -H Authorization/);
  });

  it.each([
    [
      'a PEM block',
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
      'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    ],
    ['URL credentials', 'git clone https://bob:hunter2hunter2@git.example.com/x', 'hunter2hunter2'],
    ['a JWT', 'token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl', 'eyJhbGciOiJSUzI1NiJ9'],
    [
      'a fine-grained PAT',
      'GH=github_pat_11ABCDEFG0123456789abcdef',
      'github_pat_11ABCDEFG0123456789abcdef',
    ],
    ['an Authorization header', 'curl -H "authorization: token s3cr3tvalue99" x', 's3cr3tvalue99'],
    ['a Bearer token', 'curl -H "X: Bearer abcDEF123456789xyz" x', 'abcDEF123456789xyz'],
    ['Basic credentials', 'curl -H "X: Basic dXNlcjpwYXNzd29yZA==" x', 'dXNlcjpwYXNzd29yZA=='],
  ])('scrubs %s from every string of the alert', (_, cmdline, secret) => {
    const fields = { ...event.output_fields, 'proc.cmdline': cmdline, 'fd.name': cmdline };
    const [alert] = parseAlerts(
      JSON.stringify({ ...event, output: cmdline, output_fields: fields }),
      'e.json',
    );
    expect(JSON.stringify(alert)).not.toContain(secret);
  });

  it('bounds the fields: few keys, long values cut', () => {
    const many = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`x.f${String(i)}`, 'v'.repeat(5000)]),
    );
    const [alert] = parseAlerts(JSON.stringify({ ...event, output_fields: many }), 'e.json');
    const fields = Object.values(alert?.fields ?? {});
    expect(fields.length).toBeLessThanOrEqual(12);
    expect(Math.max(...fields.map((v) => v.length))).toBeLessThanOrEqual(200);
  });

  it.each([
    ['Emergency', 'critical'],
    ['Alert', 'critical'],
    ['Critical', 'critical'],
    ['Error', 'high'],
    ['Warning', 'medium'],
    ['Notice', 'low'],
    ['Informational', 'low'],
    ['Debug', 'info'],
  ])('maps priority %s to %s', (priority, severity) => {
    const [alert] = parseAlerts(JSON.stringify({ ...event, priority }), 'e.json');
    expect(alert?.severity).toBe(severity);
  });

  it('names the line of a bad line in the middle of JSON lines', () => {
    const lines = jsonl.split('\n');
    lines[6] = lines[6]?.slice(0, 120) ?? '';
    const error = traceErrorOf(() => parseAlerts(lines.join('\n'), JSONL), 'TRACE_ALERT_PARSE');
    expect(error.message).toMatch(/^falco-website-doc-events\.jsonl:7: not valid JSON/);
    expect(error.location).toEqual({ path: JSONL, line: 7 });
  });

  it('names the format tried when an event given as Falco is not one', () => {
    const error = traceErrorOf(
      () => parseAlerts('\n\n{"priority": "Warning"}\n', 'a.json', { format: 'falco' }),
      'TRACE_ALERT_PARSE',
    );
    expect(error.message).toBe('a.json:3: not a Falco event: no "rule" string');
  });
});
