export { createTempGitRepo } from './git-repo.js';
export type { CommitSpec, TempGitRepo, TempGitRepoOptions } from './git-repo.js';
export { applyTree, createTempDir, writeTree } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
export { REPO_ROOT, TRAILMARK_BIN, runTrailmark } from './run-cli.js';
export type { CliRun, RunOptions } from './run-cli.js';
export { toHelm4Stream } from './helm4.js';
