import { checkPattern, compilePattern } from './codeowners-pattern.js';

/**
 * Where GitHub looks for a CODEOWNERS file, in order; the first one found wins.
 * Reading the files is the caller's job: this module is pure.
 */
export const CODEOWNERS_LOCATIONS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
] as const;

/** One accepted CODEOWNERS line: a pattern and its owners (empty = the pattern clears ownership). */
export interface CodeownersRule {
  /** The pattern as written (escapes kept). */
  pattern: string;
  /** `@user`, `@org/team` or email owners, in file order, duplicates removed. */
  owners: string[];
  /** 1-based line number in the CODEOWNERS file. */
  line: number;
}

/** A problem found while parsing; the offending owner or line was skipped, nothing was thrown. */
export interface CodeownersWarning {
  /** 1-based line number (0 for a problem with the whole file). */
  line: number;
  /** Human-readable, prefixed with `<path>:<line>:`. */
  message: string;
}

/** A parsed CODEOWNERS file. Rules keep file order: the last matching rule wins. */
export interface Codeowners {
  /** Repo-relative path of the file this was parsed from, e.g. `.github/CODEOWNERS`. */
  path: string;
  rules: CodeownersRule[];
  warnings: CodeownersWarning[];
}

/** GitHub ignores a CODEOWNERS file of 3 MB or more. */
const MAX_BYTES = 3 * 1024 * 1024;

const USER_OWNER = /^@[A-Za-z0-9][A-Za-z0-9_-]*$/;
const TEAM_OWNER = /^@[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const EMAIL_OWNER = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/;

// Compiled patterns, kept off the plain-data rules so results stay serialisable.
const compiled = new WeakMap<CodeownersRule, RegExp>();

/**
 * Parse CODEOWNERS text with GitHub semantics. Never throws: unsupported or invalid lines
 * (negation, `[ ]` ranges, `\#`, only invalid owners) are skipped with a warning naming the line.
 * @param text - file contents (a UTF-8 BOM and CRLF line endings are accepted)
 * @param path - where the text came from, used in warning messages
 */
export function parseCodeowners(text: string, path: string): Codeowners {
  const result: Codeowners = { path, rules: [], warnings: [] };
  if (isTooLarge(text)) {
    result.warnings.push({
      line: 0,
      message: `${path}: file is 3 MB or larger; GitHub ignores it`,
    });
    return result;
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((content, i) => {
    const line = i + 1;
    const warn = (message: string): void => {
      result.warnings.push({ line, message: `${path}:${line}: ${message}` });
    };
    const rule = parseLine(content, line, warn);
    if (rule === undefined) return;
    compiled.set(rule, compilePattern(rule.pattern));
    result.rules.push(rule);
  });
  return result;
}

/**
 * Owners of a repo-relative path (no leading slash): last matching rule wins; a matching rule
 * with no owners means no owners. `rule` is absent when no rule matches.
 */
export function ownersOf(
  codeowners: Codeowners,
  repoPath: string,
): { owners: string[]; rule?: CodeownersRule } {
  const path = repoPath.replace(/^\/+/, '');
  for (let i = codeowners.rules.length - 1; i >= 0; i--) {
    const rule = codeowners.rules[i];
    if (rule !== undefined && regexFor(rule).test(path)) return { owners: [...rule.owners], rule };
  }
  return { owners: [] };
}

// One line to a rule, or undefined for blank/comment/skipped lines (warning via `warn`).
function parseLine(
  content: string,
  line: number,
  warn: (message: string) => void,
): CodeownersRule | undefined {
  const [pattern, ...tokens] = tokenize(content);
  if (pattern === undefined) return undefined;
  const problem = checkPattern(pattern);
  if (problem !== undefined) {
    warn(`${problem}; line skipped`);
    return undefined;
  }
  const invalid = tokens.filter((token) => !isValidOwner(token));
  const owners = [...new Set(tokens.filter(isValidOwner))];
  if (tokens.length > 0 && owners.length === 0) {
    warn(`no valid owner (${invalid.join(', ')}); line skipped`);
    return undefined;
  }
  for (const owner of invalid)
    warn(`invalid owner '${owner}' dropped (expected @user, @org/team or an email)`);
  return { pattern, owners, line };
}

// Split on unescaped whitespace; a token starting with `#` starts a comment.
function tokenize(content: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < content.length; i++) {
    const ch = content.charAt(i);
    if (ch === ' ' || ch === '\t') {
      if (current !== '') tokens.push(current);
      current = '';
    } else if (ch === '#' && current === '') {
      break;
    } else {
      // Keep `\x` escapes intact for the pattern compiler.
      current += ch === '\\' ? ch + content.charAt(++i) : ch;
    }
  }
  if (current !== '') tokens.push(current);
  return tokens;
}

function isValidOwner(token: string): boolean {
  return USER_OWNER.test(token) || TEAM_OWNER.test(token) || EMAIL_OWNER.test(token);
}

// Rules copied out of a parse result (e.g. via structuredClone) are compiled on first use.
function regexFor(rule: CodeownersRule): RegExp {
  let regex = compiled.get(rule);
  if (regex === undefined) {
    regex = compilePattern(rule.pattern);
    compiled.set(rule, regex);
  }
  return regex;
}

// The limit is on UTF-8 bytes; each UTF-16 unit is at most 3 of them, so small texts skip encoding.
function isTooLarge(text: string): boolean {
  if (text.length * 3 < MAX_BYTES) return false;
  return new TextEncoder().encode(text).byteLength >= MAX_BYTES;
}
