import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseBlamePorcelain } from './blame-porcelain.js';
import { GitError } from './error.js';
import { readLastCommit } from './last-commit.js';
import { findRoot } from './find-root.js';
import { listFiles, splitNul } from './list-files.js';
import type { HeadFacts } from './head-facts.js';
import { readHead, readRepoFacts } from './repo-facts.js';
import { OffThreadExec } from './off-thread.js';
import { createGitRunner, type GitRunner } from './run-git.js';
import type { BlameLine, FileBlame, GitClient, GitClientOptions, RepoFacts } from './types.js';

/**
 * A `GitClient` over the git CLI, rooted at the working tree that contains `options.cwd`
 * (`git rev-parse --show-toplevel`). Throws `GIT_NOT_A_REPOSITORY` naming the directory when
 * there is none, and `GIT_NOT_INSTALLED` when git cannot be started.
 */
export async function createGitClient(options: GitClientOptions): Promise<GitClient> {
  const cwd = path.resolve(options.cwd);
  const gitBinary = options.gitBinary ?? 'git';
  // A missing cwd makes spawn fail with ENOENT, indistinguishable from a missing git binary.
  if (!(await isDirectory(cwd))) {
    throw new GitError(
      'GIT_NOT_A_REPOSITORY',
      `${cwd} is not a directory, so not a git repository`,
    );
  }
  const { root, head } = await findRoot(createGitRunner(gitBinary, cwd));
  // Blames come in batches (one per template file): their processes start off the main thread.
  const blameRunner = createGitRunner(gitBinary, root, new OffThreadExec());
  return new CliGitClient(createGitRunner(gitBinary, root), root, blameRunner, head);
}

/**
 * Runs git processes per question; blames are cached per path for the client's lifetime. The first
 * `readRepoFacts` uses the HEAD facts read when the client was created.
 */
class CliGitClient implements GitClient {
  readonly #runner: GitRunner;
  readonly #blameRunner: GitRunner;
  readonly #root: string;
  readonly #blames = new Map<string, Promise<FileBlame | undefined>>();
  #head: HeadFacts | undefined;

  constructor(runner: GitRunner, root: string, blameRunner: GitRunner, head?: HeadFacts) {
    this.#runner = runner;
    this.#blameRunner = blameRunner;
    this.#root = root;
    this.#head = head;
  }

  readRepoFacts(): Promise<RepoFacts> {
    const head = this.#head;
    this.#head = undefined;
    return readRepoFacts(this.#runner, this.#root, head);
  }

  blameFile(repoPath: string): Promise<FileBlame | undefined> {
    const key = toRepoPath(repoPath);
    const cached = this.#blames.get(key);
    if (cached !== undefined) return cached;
    // Cache the promise, so concurrent callers share one git process; forget failures.
    const pending = this.#blame(key);
    this.#blames.set(key, pending);
    pending.catch(() => this.#blames.delete(key));
    return pending;
  }

  async lastCommit(repoPath: string): Promise<BlameLine | undefined> {
    return readLastCommit(this.#runner, toRepoPath(repoPath));
  }

  listFiles(): Promise<string[]> {
    return listFiles(this.#runner);
  }

  async isTracked(repoPath: string): Promise<boolean> {
    const key = toRepoPath(repoPath);
    const listed = await this.#runner.run(['ls-files', '-z', '--', key]);
    return splitNul(listed).includes(key);
  }

  async #blame(repoPath: string): Promise<FileBlame | undefined> {
    let output: string;
    try {
      output = await this.#blameRunner.run(['blame', '--porcelain', '--', repoPath]);
    } catch (err) {
      if (await this.#cannotBlame(repoPath)) return undefined;
      throw err;
    }
    return { path: repoPath, lines: parseBlamePorcelain(output, repoPath) };
  }

  /** Why blame failed, when the reason is an answer rather than an error. */
  async #cannotBlame(repoPath: string): Promise<boolean> {
    const [tracked, head, exists] = await Promise.all([
      this.isTracked(repoPath),
      readHead(this.#runner),
      isFile(path.join(this.#root, repoPath)),
    ]);
    return !tracked || head === undefined || !exists;
  }
}

function toRepoPath(repoPath: string): string {
  return path.posix.normalize(repoPath);
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (stats) => stats.isFile(),
    () => false,
  );
}
