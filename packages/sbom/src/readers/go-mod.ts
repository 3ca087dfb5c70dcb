import { parseError, splitLines } from './lock-entry.js';

/** A module path with an optional version (`replace` sides may omit it). */
export interface GoModuleRef {
  path: string;
  version: string | undefined;
}

/** One `require` line. */
export interface GoRequire {
  path: string;
  version: string;
  indirect: boolean;
  line: number;
}

/** One `replace old [v] => new [v]` line; `to.version` is absent for a local directory. */
export interface GoReplace {
  from: GoModuleRef;
  to: GoModuleRef;
  line: number;
}

/** The directives of a go.mod that shape the module graph. */
export interface GoModFile {
  module: { path: string; line: number } | undefined;
  go: { version: string; line: number } | undefined;
  requires: GoRequire[];
  replaces: GoReplace[];
  excludes: (GoModuleRef & { line: number })[];
  /** Directives this reader does not know (newer Go); the caller warns. */
  unknown: { verb: string; line: number }[];
}

/** Directives that do not change which modules are built. */
const IGNORED = new Set(['toolchain', 'godebug', 'retract', 'tool', 'ignore']);

interface Tokens {
  words: string[];
  comment: string;
}

/** Splits a go.mod line into words (unquoting "…" and `…`) and its `//` comment. */
function tokenize(line: string, path: string, lineNo: number): Tokens {
  const words: string[] = [];
  const re = /\s*(?:(\/\/.*)|"((?:[^"\\]|\\.)*)"|`([^`]*)`|((?:[^\s"`/]|\/(?!\/))+))/y;
  let pos = 0;
  for (let match = re.exec(line); match !== null; match = re.exec(line)) {
    pos = re.lastIndex;
    if (match[1] !== undefined) return { words, comment: match[1].slice(2).trim() };
    words.push(
      match[2] === undefined ? (match[3] ?? match[4] ?? '') : unquote(match[2], path, lineNo),
    );
  }
  if (line.slice(pos).trim() !== '') throw parseError(path, lineNo, 'unterminated quoted string');
  return { words, comment: '' };
}

/** The value of a Go interpreted string literal's body (JSON shares its common escapes). */
function unquote(body: string, path: string, lineNo: number): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch (err) {
    throw parseError(path, lineNo, 'invalid quoted string', err);
  }
}

/** `// indirect` (optionally followed by `; more comment`), as cmd/go's modfile reads it. */
function isIndirect(comment: string): boolean {
  return comment === 'indirect' || comment.startsWith('indirect;');
}

/** Applies one directive (verb plus its arguments) to the file being built. */
function applyDirective(
  file: GoModFile,
  verb: string,
  tokens: Tokens,
  line: number,
  path: string,
): void {
  const args = tokens.words;
  const [first, second] = args;
  const usage = (form: string): never => {
    throw parseError(path, line, `usage: ${verb} ${form}`);
  };
  if (verb === 'module' || verb === 'go') {
    if (first === undefined || args.length !== 1) usage(verb === 'go' ? '1.23' : 'module/path');
    if (verb === 'module') file.module = { path: first ?? '', line };
    else file.go = { version: first ?? '', line };
  } else if (verb === 'require' || verb === 'exclude') {
    if (first === undefined || second === undefined || args.length !== 2)
      return usage('module/path v1.2.3');
    if (verb === 'require')
      file.requires.push({
        path: first,
        version: second,
        indirect: isIndirect(tokens.comment),
        line,
      });
    else file.excludes.push({ path: first, version: second, line });
  } else if (verb === 'replace') {
    file.replaces.push(
      parseReplace(args, line) ?? usage('module/path [v1.2.3] => other/module v1.4.5 | ./dir'),
    );
  } else if (!IGNORED.has(verb)) {
    file.unknown.push({ verb, line });
  }
}

/** `old [v] => new [v]`, or `undefined` when the shape is wrong. */
function parseReplace(args: string[], line: number): GoReplace | undefined {
  const arrow = args.indexOf('=>');
  if (arrow !== 1 && arrow !== 2) return undefined;
  const [fromPath, fromVersion] = args.slice(0, arrow);
  const [toPath, toVersion, extra] = args.slice(arrow + 1);
  if (fromPath === undefined || toPath === undefined || extra !== undefined) return undefined;
  return {
    from: { path: fromPath, version: fromVersion },
    to: { path: toPath, version: toVersion },
    line,
  };
}

/**
 * Parses go.mod (the syntax of golang.org/x/mod/modfile): single-line directives and
 * `verb ( … )` blocks, `//` comments, quoted paths. Malformed lines are `SBOM_PARSE` at their line.
 */
export function parseGoMod(text: string, path: string): GoModFile {
  const file: GoModFile = {
    module: undefined,
    go: undefined,
    requires: [],
    replaces: [],
    excludes: [],
    unknown: [],
  };
  let block: { verb: string; line: number } | undefined;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw, path, line);
    const [head, ...rest] = tokens.words;
    if (head === undefined) return;
    if (block !== undefined) {
      if (head === ')' && rest.length === 0) block = undefined;
      else applyDirective(file, block.verb, tokens, line, path);
    } else if (rest.length === 1 && rest[0] === '(') {
      block = { verb: head, line };
    } else if (!(rest.length === 2 && rest[0] === '(' && rest[1] === ')')) {
      applyDirective(file, head, { words: rest, comment: tokens.comment }, line, path);
    }
  });
  if (block !== undefined) throw parseError(path, block.line, `unclosed ${block.verb} ( block`);
  return file;
}
