import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/index.js';
import { fixture, fixtureNames, traceErrorOf } from './fixtures.js';

interface TetragonPod {
  namespace: string;
  name: string;
  container: { id: string; name: string; image: { id: string; name: string } };
}
type TetragonEvent = Record<string, { process: { exec_id: string; pod?: TetragonPod } }> & {
  time: string;
};

const names = fixtureNames('alerts/tetragon');
const texts = names.map((name) => fixture(`alerts/tetragon/${name}`));
const events = texts.map((text) => JSON.parse(text) as TetragonEvent);
const typeOf = (event: TetragonEvent): string =>
  Object.keys(event).find((k) => k.startsWith('process_')) ?? '';

describe('Tetragon JSON events (real, from the Security Observability with eBPF examples)', () => {
  it.each(names.map((name, i) => [name, i] as const))(
    '%s: type, time, exec id, pod, image',
    (name, i) => {
      const event = events[i] as TetragonEvent;
      const type = typeOf(event);
      const process = event[type]?.process;
      const [alert, ...rest] = parseAlerts(texts[i] ?? '', name);
      expect(rest).toEqual([]);
      expect(alert).toMatchObject({
        format: 'tetragon',
        source: 'tetragon',
        time: event.time,
        id: process?.exec_id,
      });
      expect(alert?.rule.split(' ')[0]).toBe(type);
      expect(alert?.at).toEqual({ path: name, line: 1 });
      const pod = process?.pod;
      expect(alert?.namespace).toBe(pod?.namespace);
      expect(alert?.pod).toBe(pod?.name);
      expect(alert?.container).toBe(pod?.container.name);
      expect(alert?.image).toBe(pod?.container.image.name);
      expect(alert?.digest).toBe(pod?.container.image.id.replace(/^.*@/, ''));
    },
  );

  it('has events of pods and of the host among the fixtures', () => {
    expect(events.filter((e) => e[typeOf(e)]?.process.pod !== undefined).length).toBeGreaterThan(
      20,
    );
    expect(events.some((e) => e[typeOf(e)]?.process.pod === undefined)).toBe(true);
  });

  it('names a kprobe by its function, and by its policy when the event has one', () => {
    const text = fixture('alerts/tetragon/process_kprobe.json');
    const [plain] = parseAlerts(text, 'k.json');
    expect(plain).toMatchObject({ rule: 'process_kprobe __x64_sys_write', severity: 'medium' });
    const event = JSON.parse(text) as Record<string, Record<string, unknown>>;
    const kprobe = {
      ...event.process_kprobe,
      policy_name: 'file-monitoring',
      action: 'KPROBE_ACTION_SIGKILL',
    };
    const [enforced] = parseAlerts(JSON.stringify({ ...event, process_kprobe: kprobe }), 'k.json');
    expect(enforced).toMatchObject({
      rule: 'process_kprobe file-monitoring __x64_sys_write',
      severity: 'high',
    });
  });

  it('reads pod labels', () => {
    const event = JSON.parse(fixture('alerts/tetragon/nc_process_exec.json')) as {
      process_exec: { process: { pod: Record<string, unknown> } };
    };
    event.process_exec.process.pod.pod_labels = {
      app: 'elasticsearch',
      'pod-template-hash': '56f8fc6988',
    };
    const [alert] = parseAlerts(JSON.stringify(event), 'e.json');
    expect(alert?.labels).toEqual({ app: 'elasticsearch', 'pod-template-hash': '56f8fc6988' });
  });

  it('reads the events as JSON lines (tetra getevents -o json), each at its line', () => {
    const lines = events.map((event) => JSON.stringify(event)).join('\n');
    const alerts = parseAlerts(lines, 'events.jsonl');
    expect(alerts.map((a) => a.at.line)).toEqual(names.map((_, i) => i + 1));
  });

  it('refuses an event without a process, naming the format tried', () => {
    const error = traceErrorOf(
      () =>
        parseAlerts('{"process_exec": {"parent": {}}, "time": "2022-01-19T11:05:54Z"}', 't.json', {
          format: 'tetragon',
        }),
      'TRACE_ALERT_PARSE',
    );
    expect(error.message).toBe(
      't.json:1: not a Tetragon event: no "process_*" member with a "process"',
    );
  });
});
