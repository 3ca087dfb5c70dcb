import { GitError } from './error.js';
import type { BlameLine } from './types.js';

/** Object id of uncommitted lines: 40 zeros (SHA-1) or 64 (SHA-256). */
const UNCOMMITTED = /^0+$/;
/** `<sha> <orig-line> <final-line> [<count>]`. */
const HEADER = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+)(?: \d+)?$/;

/** What the porcelain says about one commit; filled the first time the commit appears. */
interface CommitFields {
  name?: string;
  email?: string;
  time?: number;
  line?: BlameLine;
}

interface ParseState {
  path: string;
  commits: Map<string, CommitFields>;
  lines: (BlameLine | undefined)[];
  current: { sha: string; fields: CommitFields; finalLine: number } | undefined;
}

/**
 * Reads `git blame --porcelain` output into one entry per line (index = line - 1). Pure and
 * linear: one pass over the lines, commit metadata kept once per commit. `path` names the file
 * in error messages.
 */
export function parseBlamePorcelain(output: string, path: string): (BlameLine | undefined)[] {
  const state: ParseState = { path, commits: new Map(), lines: [], current: undefined };
  let start = 0;
  while (start < output.length) {
    const newline = output.indexOf('\n', start);
    const end = newline === -1 ? output.length : newline;
    readLine(state, output.slice(start, end));
    start = end + 1;
  }
  return state.lines;
}

function readLine(state: ParseState, line: string): void {
  // A content line (TAB + the file's text) closes the current entry; outside an entry the next
  // line must be a header; inside one, lines are `key value` fields.
  if (line.startsWith('\t')) closeEntry(state);
  else if (state.current === undefined) openEntry(state, line);
  else readField(state.current.fields, line);
}

function openEntry(state: ParseState, line: string): void {
  const match = HEADER.exec(line);
  if (match?.[1] === undefined || match[2] === undefined) {
    // Never echo the line: if the output were out of step it could be file content.
    throw malformed(state.path, 'unexpected header line');
  }
  const sha = match[1];
  let fields = state.commits.get(sha);
  if (fields === undefined) {
    fields = {};
    state.commits.set(sha, fields);
  }
  state.current = { sha, fields, finalLine: Number(match[2]) };
}

function readField(fields: CommitFields, line: string): void {
  const space = line.indexOf(' ');
  const key = space === -1 ? line : line.slice(0, space);
  const value = space === -1 ? '' : line.slice(space + 1);
  if (key === 'author') fields.name = value;
  else if (key === 'author-mail') fields.email = value.replace(/^<(.*)>$/, '$1');
  else if (key === 'author-time') fields.time = Number(value);
}

function closeEntry(state: ParseState): void {
  const current = state.current;
  if (current === undefined) throw malformed(state.path, 'content line without a header');
  current.fields.line ??= toBlameLine(current.sha, current.fields, state.path);
  // Lines arrive in order; pad defensively so the array is never sparse.
  while (state.lines.length < current.finalLine - 1) state.lines.push(undefined);
  state.lines[current.finalLine - 1] = current.fields.line;
  state.current = undefined;
}

function toBlameLine(sha: string, fields: CommitFields, path: string): BlameLine {
  const { name, email, time } = fields;
  if (name === undefined || email === undefined || time === undefined || !Number.isFinite(time)) {
    throw malformed(path, `no author for commit ${sha}`);
  }
  return Object.freeze({
    commit: sha,
    name,
    email,
    date: toIsoUtc(time),
    uncommitted: UNCOMMITTED.test(sha),
  });
}

/** Epoch seconds as ISO 8601 UTC without fractional seconds: `2024-03-01T12:00:00Z`. */
export function toIsoUtc(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function malformed(path: string, detail: string): GitError {
  return new GitError(
    'GIT_COMMAND_FAILED',
    `could not read git blame output for ${path}: ${detail}`,
  );
}
