import { describe, expect, it } from 'vitest';
import { detectFormat, parseAlerts } from '../../src/index.js';
import { fixture, traceErrorOf } from './fixtures.js';

interface Wrapper {
  origin: { path: string; line: number; go_variable?: string };
  json: unknown;
}

// The payloads extracted from falcosidekick's Go tests and README, each pretty-printed as a file.
const wrappers = (
  JSON.parse(fixture('alerts/falcosidekick/falcosidekick-test-payloads.json')) as Wrapper[]
).map((w) => ({
  name: `${w.origin.path}:${String(w.origin.line)}`,
  variable: w.origin.go_variable,
  text: JSON.stringify(w.json, null, 2),
}));
const inputs = wrappers.filter(
  (w) => w.variable === 'input' || w.variable === 'falcoTestInput' || w.variable === undefined,
);
const outputs = wrappers.filter((w) => w.variable === 'expectedOutput');

describe('falcosidekick payloads (from its Go tests)', () => {
  it('has the Falco events falcosidekick receives and the Alertmanager alerts it posts', () => {
    expect(inputs).toHaveLength(6);
    expect(outputs).toHaveLength(3);
  });

  it('reads a received Falco event as posted to its webhook: rule, time, fields, severity', () => {
    const readme = inputs.find((w) => w.name.startsWith('README.md'));
    const [alert] = parseAlerts(readme?.text ?? '', 'sidekick.json', { format: 'falcosidekick' });
    expect(alert).toMatchObject({
      format: 'falcosidekick',
      source: 'syscall',
      rule: 'Write below binary dir',
      priority: 'Error',
      severity: 'high',
      time: '2019-05-17T15:31:56.746609046Z',
      user: 'root',
      fields: { 'proc.cmdline': 'touch /bin/hack', 'fd.name': '/bin/hack', hostname: 'localhost' },
      at: { path: 'sidekick.json', line: 1 },
    });
  });

  it('detects falcosidekick by its traits: the "syscalls" source it sets, or a uuid', () => {
    const client = inputs.find((w) => w.name.startsWith('outputs/client_test.go'));
    const [alert] = parseAlerts(client?.text ?? '', 'client.json');
    expect(alert).toMatchObject({
      format: 'falcosidekick',
      source: 'syscalls',
      rule: 'Test rule',
      severity: 'info',
    });
    const event = JSON.parse(
      inputs.find((w) => w.name.startsWith('README.md'))?.text ?? '{}',
    ) as Record<string, unknown>;
    expect(detectFormat(event)).toBe('falco');
    const uuid = '5f7d9d0b-1c3e-4f6a-8b2d-0e9f8a7b6c5d';
    expect(parseAlerts(JSON.stringify({ ...event, uuid }), 'x.json')[0]).toMatchObject({
      format: 'falcosidekick',
      id: uuid,
    });
  });

  it('skips the internal "syscall event drop" events it receives', () => {
    const drops = inputs.filter((w) => w.text.includes('Falco internal'));
    expect(drops).toHaveLength(3);
    for (const drop of drops) expect(parseAlerts(drop.text, 'drop.json')).toEqual([]);
  });

  it('reads the Alertmanager alerts it posts, one per element, each at its line', () => {
    const first = outputs[0]?.text ?? '';
    const alerts = parseAlerts(first, 'am.json');
    expect(alerts).toEqual([
      expect.objectContaining({
        format: 'alertmanager',
        source: 'syscalls',
        rule: 'Test rule',
        priority: 'information',
        severity: 'info',
        message: 'Test rule',
        at: { path: 'am.json', line: 2 },
      }),
    ]);
    for (const output of outputs)
      expect(parseAlerts(output.text, 'am.json').length).toBeGreaterThan(0);
  });

  it('refuses what is not a payload (the thresholds table)', () => {
    const thresholds = wrappers.find((w) => w.variable === 'defaultThresholds');
    const error = traceErrorOf(
      () => parseAlerts(thresholds?.text ?? '', 't.json'),
      'TRACE_ALERT_FORMAT_UNKNOWN',
    );
    expect(error.message).toMatch(
      /^t\.json:2: not an alert of a known format .*"priority", "value"$/,
    );
  });
});
