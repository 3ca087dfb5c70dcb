import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createGitClient,
  normaliseRemoteUrl,
  type GitClient,
  type RepoFacts,
} from '@trailmark/git';
import { createTempDir, type TempDir } from '@trailmark/testing';

/** The two processes that read a repository's facts. */
export const TWO = [
  'rev-parse -q --show-toplevel --is-shallow-repository HEAD^{commit} --symbolic-full-name HEAD --',
  'remote -v',
];

/** A logging git: a script that appends its arguments to a file and execs the real git. */
export interface LoggingGit {
  /** The facts and the git commands (without the global options) a new client read them with. */
  factsOf(cwd: string): Promise<{ facts: RepoFacts; calls: string[] }>;
  /** A client over the logging git; the log is emptied first. */
  clientOf(cwd: string): Promise<GitClient>;
  /** The file the calls go to (emptied by each `factsOf`). */
  logFile: string;
  cleanup(): Promise<void>;
}

/** Creates the logging git in a temp directory. */
export async function createLoggingGit(): Promise<LoggingGit> {
  const tools: TempDir = await createTempDir();
  const logFile = path.join(tools.path, 'calls.log');
  const gitBinary = path.join(tools.path, 'git');
  const realGit = execFileSync('which', ['git'], { encoding: 'utf8' }).trim();
  writeFileSync(
    gitBinary,
    `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logFile}'\nexec ${realGit} "$@"\n`,
  );
  chmodSync(gitBinary, 0o755);
  return {
    factsOf: async (cwd) => {
      writeFileSync(logFile, '');
      const facts = await (await createGitClient({ cwd, gitBinary })).readRepoFacts();
      return { facts, calls: readCalls(logFile) };
    },
    clientOf: (cwd) => {
      writeFileSync(logFile, '');
      return createGitClient({ cwd, gitBinary });
    },
    logFile,
    cleanup: () => tools.cleanup(),
  };
}

/** The calls logged so far, without the options the runner puts in front of every command. */
export function readCalls(logFile: string): string[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace('-c core.quotepath=off --literal-pathspecs ', ''));
}

/** The facts as one git command per question reads them (the way before one rev-parse did). */
export function factsOneByOne(cwd: string): RepoFacts {
  const git = (...args: string[]): string | undefined => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: 'pipe' }).trim();
    } catch {
      return undefined;
    }
  };
  const root = path.resolve(git('rev-parse', '--show-toplevel') ?? '');
  const commit = git('rev-parse', '-q', '--verify', 'HEAD^{commit}');
  const ref = git('symbolic-ref', '-q', 'HEAD');
  const remotes = (git('remote') ?? '').split('\n').filter((name) => name !== '');
  const name = remotes.includes('origin')
    ? 'origin'
    : remotes.length === 1
      ? remotes[0]
      : undefined;
  const url = name === undefined ? undefined : git('remote', 'get-url', name);
  const remoteUrl = url ? normaliseRemoteUrl(url) : undefined;
  const shallow = git('rev-parse', '--is-shallow-repository') === 'true';
  return {
    root,
    ...(commit ? { commit } : {}),
    ...(ref ? { ref } : {}),
    ...(remoteUrl ? { remoteUrl } : {}),
    ...(shallow ? { shallow } : {}),
  };
}
