export { createTempGitRepo } from './git-repo.js';
export type { CommitSpec, TempGitRepo, TempGitRepoOptions } from './git-repo.js';
export { applyTree, createTempDir, writeTree } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
