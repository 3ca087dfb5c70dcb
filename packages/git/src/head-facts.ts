import type { GitOutcome, GitRunner } from './run-git.js';

/** Working tree root, shallowness, `HEAD`'s commit and the ref `HEAD` points to. */
export interface HeadFacts {
  /** `rev-parse --show-toplevel`, trimmed. */
  toplevel: string;
  shallow: boolean;
  /** `rev-parse -q --verify HEAD^{commit}`; undefined when `HEAD` has no commit yet. */
  commit: string | undefined;
  /** `symbolic-ref -q HEAD`: undefined on a detached `HEAD`, and when `unborn`. */
  ref: string | undefined;
  /** `HEAD` names no commit: rev-parse cannot name its branch then (ask `symbolic-ref`). */
  unborn: boolean;
}

/**
 * One `rev-parse` for what used to take four processes. Revisions are printed as they are read, so
 * `HEAD^{commit}` comes out as an object id and, after `--symbolic-full-name`, `HEAD` as the ref it
 * resolves to (as `symbolic-ref` resolves it), or `HEAD` itself when detached. `-q` gives the lookup
 * the flags `-q --verify` gives it; `--` makes a failed lookup fatal instead of a path.
 */
export const HEAD_FACTS_ARGS = [
  'rev-parse',
  '-q',
  '--show-toplevel',
  '--is-shallow-repository',
  'HEAD^{commit}',
  '--symbolic-full-name',
  'HEAD',
  '--',
] as const;

const BORN = /^([\s\S]*)\n(true|false)\n([0-9a-f]{40}|[0-9a-f]{64})\n(refs\/[^\n]+|HEAD)\n--\n$/;
const UNBORN = /^([\s\S]*)\n(true|false)\n$/;
/** The whole of stderr when the only failure is that `HEAD^{commit}` names no commit. */
const NO_COMMIT = "fatal: bad revision 'HEAD^{commit}'\n";

/**
 * The facts from one `rev-parse`, or undefined when its outcome is anything but the two expected
 * shapes (outside a work tree, an ambiguous `HEAD`, a broken repository…): the caller then asks
 * the questions one by one, which reproduces every answer and error of the one-by-one commands.
 */
export async function readHeadFacts(runner: GitRunner): Promise<HeadFacts | undefined> {
  return parseHeadFacts(await runner.runOutcome(HEAD_FACTS_ARGS));
}

/** `readHeadFacts` from the outcome of `HEAD_FACTS_ARGS`. */
export function parseHeadFacts({ stdout, stderr, exitCode }: GitOutcome): HeadFacts | undefined {
  if (exitCode === 0 && stderr === '') {
    const born = BORN.exec(stdout);
    if (born === null) return undefined;
    const [, toplevel = '', shallow, commit, ref] = born;
    return {
      toplevel: toplevel.trim(),
      shallow: shallow === 'true',
      commit,
      ref: ref === 'HEAD' ? undefined : ref,
      unborn: false,
    };
  }
  if (exitCode !== 128 || stderr !== NO_COMMIT) return undefined;
  const unborn = UNBORN.exec(stdout);
  if (unborn === null) return undefined;
  const [, toplevel = '', shallow] = unborn;
  const facts = { toplevel: toplevel.trim(), shallow: shallow === 'true' };
  return { ...facts, commit: undefined, ref: undefined, unborn: true };
}
