import { describe, expect, it } from 'vitest';
import { linkFalcoRules, parseAlerts } from '../../src/index.js';
import { fixture, traceErrorOf } from './fixtures.js';

const upstream = { path: 'rules/falco_rules.yaml', text: fixture('falco-rules/falco_rules.yaml') };
const local = {
  path: 'rules/falco_rules.local.yaml',
  text: fixture('falco-rules/falco_rules.local.yaml'),
};
const alerts = parseAlerts(fixture('alerts/falco/falco-website-doc-events.jsonl'), 'events.jsonl');

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('linkFalcoRules (Falco’s own rules file)', () => {
  const linked = linkFalcoRules(alerts, [upstream]);

  it('links a rule to the `- rule:` line that defines it', () => {
    const shell = linked.find((a) => a.rule === 'Terminal shell in container');
    expect(shell?.ruleAt).toEqual({
      path: upstream.path,
      line: lineOf(upstream.text, '- rule: Terminal shell in container'),
    });
    const api = linked.find((a) => a.rule === 'Contact K8S API Server From Container');
    expect(api?.ruleAt).toEqual({ path: upstream.path, line: 827 });
  });

  it('leaves rules the files do not define, and alerts of other formats, unchanged', () => {
    const attach = linked.find((a) => a.rule === 'Attach/Exec Pod');
    expect(attach?.ruleAt).toBeUndefined();
    const audit = parseAlerts(fixture('alerts/k8s-audit/exec_pod.json'), 'a.json');
    expect(linkFalcoRules(audit, [upstream])).toEqual(audit);
  });
});

describe('linkFalcoRules with local rules loaded after', () => {
  it('keeps the definition over later appends and overrides, and takes a later full redefinition', () => {
    const event = JSON.stringify({
      rule: 'Read sensitive file untrusted',
      priority: 'Warning',
      output: 'x',
    });
    const more = [...alerts, ...parseAlerts(event, 'e.json')];
    const linked = linkFalcoRules(more, [upstream, local]);
    const at = (rule: string): unknown => linked.find((a) => a.rule === rule)?.ruleAt;
    expect(at('Terminal shell in container')).toEqual({ path: upstream.path, line: 713 });
    expect(at('Contact K8S API Server From Container')).toEqual({ path: upstream.path, line: 827 });
    expect(at('Read sensitive file untrusted')).toEqual({ path: local.path, line: 14 });
  });

  it('falls back to the last append or override when the definition is not given', () => {
    const linked = linkFalcoRules(alerts, [local]);
    expect(linked.find((a) => a.rule === 'Terminal shell in container')?.ruleAt).toEqual({
      path: local.path,
      line: 5,
    });
  });
});

describe('linkFalcoRules on a bad rules file (exit 2, file:line)', () => {
  it('names the line of a YAML error', () => {
    const text = '- rule: A\n  condition: x\n- rule: [B\n  condition: y\n';
    const error = traceErrorOf(
      () => linkFalcoRules(alerts, [{ path: 'bad.yaml', text }]),
      'TRACE_FALCO_RULES_PARSE',
    );
    expect(error.message).toMatch(/^bad\.yaml:\d+: not a Falco rules file: /);
    expect(error.location?.line).toBeGreaterThanOrEqual(3);
  });

  it('refuses a file whose top level is not a list', () => {
    const error = traceErrorOf(
      () => linkFalcoRules(alerts, [{ path: 'map.yaml', text: '# rules\nrule: A\n' }]),
      'TRACE_FALCO_RULES_PARSE',
    );
    expect(error.message).toBe('map.yaml:2: not a Falco rules file: the top level is not a list');
  });
});
