export { GitError } from './error.js';
export type { GitErrorCode } from './error.js';
export { createGitClient } from './git-client.js';
export { normaliseRemoteUrl } from './remote-url.js';
export type { BlameLine, FileBlame, GitClient, GitClientOptions, RepoFacts } from './types.js';
