/** Facts about the repository a client is rooted in. */
export interface RepoFacts {
  /** Absolute path of the working tree root. */
  root: string;
  /** Full object id of `HEAD`; absent in a repository without commits. */
  commit?: string;
  /** The ref `HEAD` points to, e.g. `refs/heads/main`; absent on a detached `HEAD`. */
  ref?: string;
  /**
   * Web URL of `origin` (or of the only remote when there is no `origin`), normalised by
   * `normaliseRemoteUrl`: credentials stripped. Absent when there is no usable remote.
   */
  remoteUrl?: string;
  /** True in a shallow clone, where blame credits the clone boundary for older lines. */
  shallow?: boolean;
}

/** Who last changed one line (or, for `lastCommit`, a whole file). */
export interface BlameLine {
  /** Full object id of the commit; all zeros for uncommitted lines. */
  commit: string;
  /** Author name, after `.mailmap`. */
  name: string;
  /** Author email without angle brackets, after `.mailmap`. */
  email: string;
  /**
   * Author time as ISO 8601 in UTC, e.g. `2024-03-01T12:00:00Z`. For uncommitted lines git
   * reports the time of the blame run, so do not record it.
   */
  date: string;
  /** True when the line has local changes (git's "Not Committed Yet"). */
  uncommitted: boolean;
}

/** The blame of one file. */
export interface FileBlame {
  /** Repo-relative path, `/`-separated. */
  path: string;
  /**
   * One entry per line: index = line number - 1. Lines of the same commit share one frozen
   * object; an entry is `undefined` only if git reported no commit for that line.
   */
  lines: (BlameLine | undefined)[];
}

/** Reads provenance facts from a git working tree. Paths are repo-relative and `/`-separated. */
export interface GitClient {
  /** Root, `HEAD` commit and ref, and the normalised remote URL. */
  readRepoFacts(): Promise<RepoFacts>;
  /**
   * Blame of a file with one `git blame --porcelain` per file, cached per path for the life of
   * the client. `undefined` when the file is untracked, missing, or the repository has no commits.
   */
  blameFile(repoPath: string): Promise<FileBlame | undefined>;
  /** The last commit touching the file, `undefined` when there is none. */
  lastCommit(repoPath: string): Promise<BlameLine | undefined>;
  /** Tracked files plus untracked, not-ignored ones that exist on disk; sorted. */
  listFiles(): Promise<string[]>;
  /** True when the path is a file in the index. */
  isTracked(repoPath: string): Promise<boolean>;
}

/** Options of `createGitClient`. */
export interface GitClientOptions {
  /** Any directory inside the working tree. */
  cwd: string;
  /** The git executable, `git` (looked up on `PATH`) by default. */
  gitBinary?: string;
}
