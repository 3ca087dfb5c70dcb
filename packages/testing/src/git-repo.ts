import { execFile } from 'node:child_process';
import { devNull } from 'node:os';
import { promisify } from 'node:util';
import { applyTree, createTempDir, type TempDir } from './temp-dir.js';

const execFileAsync = promisify(execFile);

/** One commit of a fixture repository. */
export interface CommitSpec {
  author: { name: string; email: string };
  /** ISO 8601 author and committer date; default 2024-01-01T00:00:00Z plus one hour per commit. */
  date?: string;
  message: string;
  /** Files to write (content) or delete (`null`), repo-relative. */
  files: Record<string, string | null>;
}

/** A real git repository in a temp directory. */
export interface TempGitRepo extends TempDir {
  /** Commit ids, in the order of `options.commits`. */
  commits: string[];
  /** Runs git in the repository (isolated from user config); stdout without trailing whitespace. */
  git(...args: string[]): Promise<string>;
}

/** Options of `createTempGitRepo`. */
export interface TempGitRepoOptions {
  commits: CommitSpec[];
  /** Added as `origin` when given. */
  remote?: string;
  /** Initial branch, `main` by default. */
  branch?: string;
}

/** Config for every command: no signing, no line-ending rewrites, an identity for ad-hoc commits. */
const FIXED_CONFIG = [
  ...['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', '-c', 'core.autocrlf=false'],
  ...['-c', 'user.name=trailmark test', '-c', 'user.email=test@trailmark.invalid'],
];

/** The base of default commit dates; fixed so commit ids are reproducible. */
const DEFAULT_EPOCH = Date.UTC(2024, 0, 1);

/**
 * Creates a repository with real commits by the given authors, each with its own author and
 * committer identity and date. No global or system git config is read, signing is off.
 */
export async function createTempGitRepo(options: TempGitRepoOptions): Promise<TempGitRepo> {
  const dir = await createTempDir('trailmark-git-');
  const git = (...args: string[]): Promise<string> => runGit(dir.path, args, {});
  try {
    await git('init', '-q', '-b', options.branch ?? 'main');
    const commits: string[] = [];
    for (const [index, spec] of options.commits.entries()) {
      commits.push(await commit(dir.path, spec, spec.date ?? defaultDate(index)));
    }
    if (options.remote !== undefined) await git('remote', 'add', 'origin', options.remote);
    return { ...dir, commits, git };
  } catch (err) {
    await dir.cleanup();
    throw err;
  }
}

async function commit(root: string, spec: CommitSpec, date: string): Promise<string> {
  await applyTree(root, spec.files);
  const { name, email } = spec.author;
  const identity = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date,
  };
  await runGit(root, ['add', '-A'], identity);
  const user = ['-c', `user.name=${name}`, '-c', `user.email=${email}`];
  await runGit(root, [...user, 'commit', '-q', '--allow-empty', '-m', spec.message], identity);
  return runGit(root, ['rev-parse', 'HEAD'], {});
}

function defaultDate(index: number): string {
  return new Date(DEFAULT_EPOCH + index * 3_600_000).toISOString();
}

async function runGit(
  cwd: string,
  args: string[],
  extraEnv: Record<string, string>,
): Promise<string> {
  const { stdout } = await execFileAsync('git', [...FIXED_CONFIG, ...args], {
    cwd,
    env: { ...isolatedEnv(), ...extraEnv },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trimEnd();
}

/**
 * The parent environment without any `GIT_*` variable (a hook or a parent git may point them at
 * another repository) and without user or system config, so fixtures are the same everywhere.
 */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('GIT_')) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
}
