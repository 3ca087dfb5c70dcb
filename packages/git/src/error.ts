import { TrailmarkError, type TrailmarkErrorOptions } from '@trailmark/core';

/**
 * Error codes owned by `@trailmark/git`:
 * - `GIT_NOT_INSTALLED`: the git binary could not be started;
 * - `GIT_NOT_A_REPOSITORY`: the directory is not inside a git working tree;
 * - `GIT_COMMAND_FAILED`: git ran but failed, or printed output we could not read.
 */
export type GitErrorCode = 'GIT_NOT_INSTALLED' | 'GIT_NOT_A_REPOSITORY' | 'GIT_COMMAND_FAILED';

/** A failure of the git adapter. Messages never contain environment values or remote credentials. */
export class GitError extends TrailmarkError<GitErrorCode> {
  constructor(code: GitErrorCode, message: string, options: TrailmarkErrorOptions = {}) {
    super(code, message, options);
    this.name = 'GitError';
  }
}
