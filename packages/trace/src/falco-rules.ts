import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type YAMLMap } from 'yaml';
import type { NormalizedAlert, SourceLocation } from '@trailmark/core';
import { traceErrorAt } from './error.js';

/** A Falco rules file given with `--falco-rules`: its path and text. */
export interface FalcoRulesFile {
  path: string;
  text: string;
}

interface RuleEntry {
  at: SourceLocation;
  defines: boolean;
}

/**
 * `alerts` with `ruleAt` set, for Falco and falcosidekick alerts, to the `- rule:` line that
 * defines their rule in `files` (read in the order given, as Falco loads them). The defining entry
 * is the last one with a `condition` that is neither `append: true` nor an `override` — a later
 * full definition replaces an earlier one in Falco. When the files hold only appends or overrides
 * of the rule (its definition is in a file not given), the last of those is used. Alerts of other
 * formats, and rules found nowhere, are returned unchanged. Throws `TRACE_FALCO_RULES_PARSE` for a
 * file that is not YAML or not a list.
 */
export function linkFalcoRules(
  alerts: readonly NormalizedAlert[],
  files: readonly FalcoRulesFile[],
): NormalizedAlert[] {
  const rules = new Map<string, RuleEntry>();
  for (const file of files) {
    for (const [name, entry] of ruleEntries(file)) {
      const known = rules.get(name);
      if (known === undefined || entry.defines || !known.defines) rules.set(name, entry);
    }
  }
  return alerts.map((alert) => {
    if (alert.format !== 'falco' && alert.format !== 'falcosidekick') return alert;
    const entry = rules.get(alert.rule);
    return entry === undefined ? alert : { ...alert, ruleAt: entry.at };
  });
}

// Every `- rule:` item of one file, in order, with its line.
function ruleEntries(file: FalcoRulesFile): [string, RuleEntry][] {
  const lines = new LineCounter();
  const entries: [string, RuleEntry][] = [];
  for (const doc of parseAllDocuments(file.text, { lineCounter: lines })) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const at = { path: file.path, line: lines.linePos(error.pos[0]).line };
      throw traceErrorAt(
        'TRACE_FALCO_RULES_PARSE',
        at,
        `not a Falco rules file: ${error.message.split('\n')[0] ?? ''}`,
      );
    }
    if (doc.contents === null) continue;
    if (!isSeq(doc.contents)) {
      const at = { path: file.path, line: lines.linePos(doc.contents.range[0]).line };
      throw traceErrorAt(
        'TRACE_FALCO_RULES_PARSE',
        at,
        'not a Falco rules file: the top level is not a list',
      );
    }
    for (const item of doc.contents.items) {
      if (!isMap(item)) continue;
      const name = item.get('rule');
      if (typeof name !== 'string') continue;
      const at = { path: file.path, line: lines.linePos(item.range[0]).line };
      entries.push([name, { at, defines: isDefinition(item) }]);
    }
  }
  return entries;
}

// A full definition: it has a condition, and neither appends to nor overrides an earlier one.
function isDefinition(item: YAMLMap): boolean {
  const append = item.get('append', true);
  const appends = isScalar(append) && append.value === true;
  return item.has('condition') && !appends && !item.has('override');
}
