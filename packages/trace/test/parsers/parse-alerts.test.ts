import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/index.js';
import { fixture, traceErrorOf } from './fixtures.js';

const falcoLines = fixture('alerts/falco/falco-website-doc-events.jsonl').trim().split('\n');
const audit = fixture('alerts/k8s-audit/exec_pod.json').trim();
const tetragon = JSON.stringify(JSON.parse(fixture('alerts/tetragon/process_kprobe.json')));
const alertmanager = JSON.stringify(
  JSON.parse(fixture('alerts/alertmanager/prom_post_request.json')),
);

describe('parseAlerts: detection', () => {
  it('detects the format of each line of a mixed JSON-lines stream', () => {
    const text = [falcoLines[8], audit, '', tetragon, alertmanager].join('\n');
    const alerts = parseAlerts(text, 'mixed.jsonl');
    expect(alerts.map((a) => [a.format, a.at.line])).toEqual([
      ['falco', 1],
      ['k8s-audit', 2],
      ['tetragon', 4],
      ['alertmanager', 5],
    ]);
  });

  it('reads JSON lines after blank lines, and one line followed by blank lines as one document', () => {
    const lines = parseAlerts(`\n \n${falcoLines[8]}\n${audit}\n`, 'late.jsonl');
    expect(lines.map((a) => [a.format, a.at.line])).toEqual([
      ['falco', 3],
      ['k8s-audit', 4],
    ]);
    const one = parseAlerts(`${tetragon}\n\n \t\r\n`, 'one.json');
    expect(one.map((a) => [a.format, a.at.line])).toEqual([['tetragon', 1]]);
  });

  it('reads a top-level array of mixed documents, each at its line', () => {
    const text = `[\n${audit},\n\n${tetragon}\n]`;
    expect(parseAlerts(text, 'a.json').map((a) => [a.format, a.at.line])).toEqual([
      ['k8s-audit', 2],
      ['tetragon', 4],
    ]);
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    const text = `\uFEFF${falcoLines[0] ?? ''}\r\n\r\n${falcoLines[1] ?? ''}\r\n`;
    expect(parseAlerts(text, 'crlf.jsonl').map((a) => a.at.line)).toEqual([1, 3]);
  });

  it('with a format, refuses a document of another format, naming it', () => {
    const error = traceErrorOf(
      () => parseAlerts(audit, 'a.json', { format: 'falco' }),
      'TRACE_ALERT_PARSE',
    );
    expect(error.message).toBe('a.json:1: not a Falco event: no "rule" string');
  });
});

describe('parseAlerts: malformed input (exit 2, file and line named)', () => {
  it.each(['', '  \n\n'])('refuses an empty input %j', (text) => {
    const error = traceErrorOf(() => parseAlerts(text, 'empty.json'), 'TRACE_ALERT_PARSE');
    expect(error.message).toBe('empty.json:1: empty input: no alert');
  });

  it('refuses truncated pretty-printed JSON at its last line', () => {
    const text = fixture('alerts/alertmanager/card-grafana-inspired-payload.json');
    const cut = text.slice(0, text.indexOf('"fingerprint": "554664fa753a2b45"'));
    const error = traceErrorOf(() => parseAlerts(cut, 'am.json'), 'TRACE_ALERT_PARSE');
    expect(error.location).toEqual({ path: 'am.json', line: cut.trimEnd().split('\n').length });
  });

  it('refuses a bad token in the middle of a pretty-printed file at that line', () => {
    const text = fixture('alerts/alertmanager/card-grafana-inspired-payload.json').replace(
      '"status": "firing",\n      "labels"',
      '"status": firing,\n      "labels"',
    );
    const error = traceErrorOf(() => parseAlerts(text, 'am.json'), 'TRACE_ALERT_PARSE');
    expect(error.message).toBe("am.json:6: not valid JSON: Unexpected token 'i'");
  });

  it('refuses a truncated JSON line, naming only its line', () => {
    const text = [falcoLines[0], falcoLines[1]?.slice(0, 50)].join('\n');
    const error = traceErrorOf(() => parseAlerts(text, 'f.jsonl'), 'TRACE_ALERT_PARSE');
    expect(error.message).toMatch(/^f\.jsonl:2: not valid JSON: /);
  });

  it('refuses a JSON object that is no alert, naming its keys', () => {
    const error = traceErrorOf(
      () => parseAlerts('{\n  "apiVersion": "v1",\n  "kind": "Pod"\n}', 'pod.json'),
      'TRACE_ALERT_FORMAT_UNKNOWN',
    );
    expect(error.message).toMatch(
      /^pod\.json:1: not an alert of a known format \(tried: Falco event, .*Tetragon event\): an object with keys "apiVersion", "kind"$/,
    );
  });

  it('refuses a non-object line in the middle of JSON lines', () => {
    const error = traceErrorOf(
      () => parseAlerts([falcoLines[0], '42', falcoLines[1]].join('\n'), 'f.jsonl'),
      'TRACE_ALERT_FORMAT_UNKNOWN',
    );
    expect(error.message).toBe('f.jsonl:2: not an alert: a JSON number, not an object');
  });

  it('keeps secrets out of the error message', () => {
    const line = '{"rule": "x", "output": "token ghp_abcdefghijklmnopqrstuvwxyz0123456789", oops}';
    const error = traceErrorOf(() => parseAlerts(line, 's.jsonl'), 'TRACE_ALERT_PARSE');
    expect(error.message).not.toContain('ghp_');
    expect(String((error.cause as Error | undefined)?.message)).not.toContain(
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
    );
  });
});
