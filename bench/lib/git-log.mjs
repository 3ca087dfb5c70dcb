// A logging `git` for counting the git processes a program starts: a shell script that appends
// its arguments to a log file and execs the real git, put first on the child's PATH.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates the wrapper in `dir`; `env` runs a child with it, `read()` summarises what it logged. */
export function createGitLog(dir) {
  const logFile = join(dir, 'invocations.log');
  const realGit = execFileSync('which', ['git'], { encoding: 'utf8' }).trim();
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "$TRAILMARK_BENCH_GIT_LOG"\nexec ${realGit} "$@"\n`,
  );
  chmodSync(join(dir, 'git'), 0o755);
  writeFileSync(logFile, '');
  const env = {
    ...process.env,
    PATH: `${dir}:${process.env.PATH ?? ''}`,
    TRAILMARK_BENCH_GIT_LOG: logFile,
  };
  return { env, read: () => summarise(readFileSync(logFile, 'utf8')) };
}

function summarise(log) {
  const calls = log.split('\n').filter((line) => line !== '');
  const counts = new Map();
  for (const call of calls)
    counts.set(subcommandOf(call), (counts.get(subcommandOf(call)) ?? 0) + 1);
  const bySubcommand = Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1)));
  return { total: calls.length, bySubcommand };
}

/** `blame` from `-c core.quotepath=off --literal-pathspecs blame --porcelain -- x`. */
function subcommandOf(call) {
  const words = call.split(' ');
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-c' || words[i] === '-C') i++;
    else if (!words[i].startsWith('-')) return words[i];
  }
  return '(none)';
}
