import { TrailmarkError, type InputErrorCode } from './error.js';
import { foreignCause } from './foreign-cause.js';

/** What trailmark was doing with a path when the filesystem refused. */
export type FileOperation = 'read' | 'write';

/** The path as the user named it, and what trailmark expected to find or make there. */
export interface FileRole {
  /** The path for messages: as given on the command line, or relative to the working directory. */
  path: string;
  /** What the path should be, e.g. `the SBOM to merge (--merge)`, `a directory of lockfiles`. */
  expected: string;
  operation: FileOperation;
}

interface FileErrorKind {
  code: InputErrorCode;
  reason: (syscall: string | undefined) => string;
}

const IN_THE_WAY = 'a file stands where a directory is needed';

// The one table from a Node filesystem error code to what the user reads. Every entry is an
// ordinary condition of the machine or of the path given (exit 2), never a bug in trailmark.
// ENOSPC/EDQUOT are exit 2 as well: running the same command again does not help (the retryable
// exit 3 means a service); the user frees space or picks another path.
const KINDS: Readonly<Record<string, FileErrorKind>> = {
  ENOENT: { code: 'INPUT_NOT_FOUND', reason: () => 'no such file or directory' },
  ENOTDIR: { code: 'INPUT_INVALID', reason: () => IN_THE_WAY },
  EISDIR: { code: 'INPUT_INVALID', reason: () => 'it is a directory' },
  // `mkdir -p` meets a regular file on the way: EEXIST; elsewhere the file is already there.
  EEXIST: {
    code: 'INPUT_INVALID',
    reason: (syscall) => (syscall === 'mkdir' ? IN_THE_WAY : 'it already exists'),
  },
  EACCES: { code: 'INPUT_ACCESS', reason: () => 'permission denied' },
  EPERM: { code: 'INPUT_ACCESS', reason: () => 'operation not permitted' },
  EROFS: { code: 'INPUT_ACCESS', reason: () => 'read-only file system' },
  ENOSPC: { code: 'INPUT_NO_SPACE', reason: () => 'no space left on device' },
  EDQUOT: { code: 'INPUT_NO_SPACE', reason: () => 'disk quota exceeded' },
  ELOOP: { code: 'INPUT_INVALID', reason: () => 'too many levels of symbolic links' },
  ENAMETOOLONG: { code: 'INPUT_INVALID', reason: () => 'file name too long' },
};

/**
 * The input error for a filesystem error met while reading or writing `role.path`, or `undefined`
 * when `error` is not one of the ordinary filesystem conditions (ENOENT, ENOTDIR, EISDIR, EEXIST,
 * EACCES, EPERM, EROFS, ENOSPC, EDQUOT, ELOOP, ENAMETOOLONG) — those stay what they are.
 *
 * The message is one line: `<path>: cannot read|write <expected>: <reason>`. It names the path as
 * the user gave it, never a temporary file, and the original error is kept as `cause`.
 */
export function fileErrorOf(
  error: unknown,
  role: FileRole,
): TrailmarkError<InputErrorCode> | undefined {
  if (typeof error !== 'object' || error === null || error instanceof TrailmarkError)
    return undefined;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  const kind = typeof code === 'string' ? KINDS[code] : undefined;
  if (!kind) return undefined;
  const reason = kind.reason(typeof syscall === 'string' ? syscall : undefined);
  return new TrailmarkError<InputErrorCode>(
    kind.code,
    `${role.path}: cannot ${role.operation} ${role.expected}: ${reason}`,
    { cause: foreignCause(error) },
  );
}

/** {@link fileErrorOf} when it applies, else `error` itself: for `catch (e) { throw asFileError(e, …) }`. */
export function asFileError(error: unknown, role: FileRole): unknown {
  return fileErrorOf(error, role) ?? error;
}
