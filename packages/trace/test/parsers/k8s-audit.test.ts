import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/index.js';
import { fixture, fixtureNames, traceErrorOf } from './fixtures.js';

interface AuditEvent {
  auditID: string;
  verb: string;
  stageTimestamp: string;
  objectRef: { resource: string; subresource?: string; namespace?: string; name?: string };
  user: { username: string };
  [key: string]: unknown;
}

const names = fixtureNames('alerts/k8s-audit');
const texts = names.map((name) => fixture(`alerts/k8s-audit/${name}`));
const events = texts.map((text) => JSON.parse(text) as AuditEvent);

describe('Kubernetes audit Events (real captures from Falco trace files)', () => {
  it.each(names.map((name, i) => [name, i] as const))(
    '%s: id, user, rule, time, namespace, line',
    (name, i) => {
      const event = events[i] as AuditEvent;
      const ref = event.objectRef;
      const alerts = parseAlerts(texts[i] ?? '', name);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        format: 'k8s-audit',
        source: 'k8s_audit',
        id: event.auditID,
        user: event.user.username,
        rule: `${event.verb} ${ref.resource}${ref.subresource === undefined ? '' : `/${ref.subresource}`}`,
        time: event.stageTimestamp,
        at: { path: name, line: 1 },
      });
      expect(alerts[0]?.namespace).toBe(ref.namespace);
    },
  );

  it('reads an exec into a pod as the pod, high severity', () => {
    const [alert] = parseAlerts(fixture('alerts/k8s-audit/exec_pod.json'), 'exec_pod.json');
    expect(alert).toMatchObject({
      rule: 'create pods/exec',
      severity: 'high',
      namespace: 'default',
      pod: 'nginx-deployment-7998647bdf-phvq7',
      object: {
        kind: 'Pod',
        apiVersion: 'v1',
        name: 'nginx-deployment-7998647bdf-phvq7',
        subresource: 'exec',
      },
    });
    expect(alert?.fields?.requestURI).toMatch(/\/exec\?command=bash/);
  });

  it('names the object a create makes from its response, with the pod labels', () => {
    const [alert] = parseAlerts(
      fixture('alerts/k8s-audit/create_nginx_pod_hostnetwork.json'),
      'p.json',
    );
    expect(alert).toMatchObject({
      pod: 'nginx-deployment-754c877bcd-zh5qx',
      labels: { app: 'nginx', 'pod-template-hash': '3107433678' },
      severity: 'medium',
    });
  });

  it('ranks RBAC writes and anonymous writes above plain gets', () => {
    const severity = (name: string): string | undefined =>
      parseAlerts(fixture(`alerts/k8s-audit/${name}`), name)[0]?.severity;
    expect(severity('create_clusterrolebinding.json')).toBe('high');
    expect(severity('delete_clusterrole.json')).toBe('high');
    expect(severity('anonymous_creates_namespace_foo.json')).toBe('critical');
    expect(severity('create_configmap_no_sensitive_values.json')).toBe('medium');
    expect(severity('create_nginx_pod_unsensitive_mount.json')).toBe('low');
  });

  it('reads a secret get by an impersonating user as high, naming both users', () => {
    const event = {
      ...events[0],
      verb: 'get',
      objectRef: { resource: 'secrets', namespace: 'shop', name: 'db-password', apiVersion: 'v1' },
      impersonatedUser: { username: 'system:serviceaccount:shop:api' },
    };
    const [alert] = parseAlerts(JSON.stringify(event), 'secret.json');
    expect(alert).toMatchObject({
      rule: 'get secrets',
      severity: 'high',
      impersonatedUser: 'system:serviceaccount:shop:api',
      object: { kind: 'Secret', namespace: 'shop', name: 'db-password', resource: 'secrets' },
    });
    expect(alert?.pod).toBeUndefined();
  });

  it('reads an EventList, each event at the line it starts on', () => {
    const list = `{"apiVersion": "audit.k8s.io/v1", "kind": "EventList", "items": [\n${texts.map((t) => t.trim()).join(',\n')}\n]}\n`;
    const alerts = parseAlerts(list, 'list.json');
    expect(alerts.map((a) => a.id)).toEqual(events.map((e) => e.auditID));
    expect(alerts.map((a) => a.at.line)).toEqual(names.map((_, i) => i + 2));
  });

  it('reads JSON lines with blank lines, each event at its line', () => {
    const lines = `${texts[0]?.trim() ?? ''}\n\n${texts[1]?.trim() ?? ''}\n`;
    expect(parseAlerts(lines, 'audit.log').map((a) => a.at.line)).toEqual([1, 3]);
  });

  it('names the item of an EventList that is not an Event', () => {
    const list = `{"kind": "EventList", "items": [\n${texts[0]?.trim() ?? ''},\n{"kind": "Pod"}\n]}`;
    const error = traceErrorOf(() => parseAlerts(list, 'list.json'), 'TRACE_ALERT_PARSE');
    expect(error.message).toBe(
      'list.json:3: not a Kubernetes audit Event: "kind" is "Pod", not "Event"',
    );
  });
});
