/** A value from a template line, as a pattern over rendered values. */
export interface ValuePattern {
  regex: RegExp;
  /** How many literal (non-template) characters the pattern pins down: more = more specific. */
  literalChars: number;
  /** True when the value has no template actions at all. */
  literal: boolean;
}

const ACTION = /\{\{[\s\S]*?\}\}/g;

/**
 * Turns a template value such as `{{ include "x.fullname" . }}-view` or `"{{ .Release.Name }}-cm"`
 * into an anchored pattern: literal parts must match exactly, each action matches anything.
 */
export function toValuePattern(raw: string): ValuePattern {
  const value = unquote(stripComment(raw.trim()).trim());
  const control = value.match(CONTROL)?.length ?? 0;
  if (control > 0) return controlPattern(value);
  const parts = value.split(ACTION);
  const actions = value.match(ACTION)?.length ?? 0;
  const literals = parts.map((part) => (actions > 0 ? part.trim() : part));
  const source = literals.map(escapeRegExp).join('\\s*[\\s\\S]*?\\s*');
  return {
    regex: new RegExp(`^\\s*${source}\\s*$`),
    literalChars: literals.reduce((sum, part) => sum + part.length, 0),
    literal: actions === 0,
  };
}

const CONTROL = /\{\{-?\s*(?:if|else|end|with|range)\b[\s\S]*?\}\}/g;

/**
 * `{{ if .x }}StatefulSet{{ else }}Deployment{{ end }}`: when the only actions are control flow, the
 * value is one of the literal branches; with other actions too, anything may render.
 */
function controlPattern(value: string): ValuePattern {
  const withoutControl = value.replace(CONTROL, '\u0000');
  if (/\{\{[\s\S]*?\}\}/.test(withoutControl)) {
    return { regex: /^[\s\S]*$/, literalChars: 0, literal: false };
  }
  const branches = withoutControl
    .split('\u0000')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const shortest = Math.min(...branches.map((part) => part.length));
  return {
    regex: new RegExp(`^\\s*(?:${branches.map(escapeRegExp).join('|')})\\s*$`),
    literalChars: Number.isFinite(shortest) ? shortest : 0,
    literal: false,
  };
}

/** True when a rendered value is compatible with the pattern. */
export function matchesPattern(pattern: ValuePattern, value: string): boolean {
  return pattern.regex.test(value);
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0])) {
    return value.slice(1, -1);
  }
  return value;
}

function stripComment(value: string): string {
  // A ` #` outside template actions starts a YAML comment.
  const masked = value.replace(ACTION, (action) => ' '.repeat(action.length));
  const at = masked.search(/\s#/);
  return at === -1 ? value : value.slice(0, at);
}

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
