import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseAlerts } from '@trailmark/trace';
import { jobIdOf } from '../../src/serve/job-id.js';

const falco = (uuid: string | undefined, pod = 'shop-1') =>
  JSON.stringify({
    rule: 'Terminal shell in container',
    priority: 'Notice',
    output: 'shell',
    source: 'syscall',
    time: '2024-03-06T08:40:02.164811529Z',
    ...(uuid === undefined ? {} : { uuid }),
    output_fields: { 'k8s.ns.name': 'shop', 'k8s.pod.name': pod },
  });

const alertmanager = (status: string, startsAt: string) =>
  JSON.stringify({
    version: '4',
    status,
    receiver: 'trailmark',
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://am',
    alerts: [
      {
        status,
        labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'redis-0' },
        annotations: {},
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'a1b2c3d4e5f60718',
      },
    ],
  });

const idOf = (text: string, file = '<request>'): string => {
  const [alert] = parseAlerts(text, file);
  if (alert === undefined) throw new Error('no alert');
  return jobIdOf(alert);
};

describe('jobIdOf', () => {
  it('is the same for a retry of the same alert, wherever it sat in the request', () => {
    const id = idOf(falco('4a1b'));
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(idOf(`\n\n${falco('4a1b')}`)).toBe(id);
    expect(idOf(falco('4a1b'), 'other')).toBe(id);
  });

  it('is sha256 over the canonical identity, so ids stored by earlier versions still match', () => {
    const identity = '{"format":"falcosidekick","id":"4a1b"}';
    const expected = `sha256:${createHash('sha256').update(identity).digest('hex')}`;
    expect(idOf(falco('4a1b'))).toBe(expected);
  });

  it('differs between alerts with different producer ids', () => {
    expect(idOf(falco('4a1b'))).not.toBe(idOf(falco('4a1c')));
  });

  it('without a producer id, is over the alert content', () => {
    expect(idOf(falco(undefined))).toBe(idOf(falco(undefined)));
    expect(idOf(falco(undefined))).not.toBe(idOf(falco(undefined, 'shop-2')));
  });

  it('Alertmanager: fingerprint with startsAt and status (firing then resolved are two jobs)', () => {
    const firing = idOf(alertmanager('firing', '2024-03-06T09:00:00Z'));
    expect(idOf(alertmanager('firing', '2024-03-06T09:00:00Z'))).toBe(firing);
    expect(idOf(alertmanager('resolved', '2024-03-06T09:00:00Z'))).not.toBe(firing);
    expect(idOf(alertmanager('firing', '2024-03-07T09:00:00Z'))).not.toBe(firing);
  });
});
