import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { asFileError } from '@trailmark/core';

/**
 * The facade's reads. Every file or directory a command reads goes through these, so that an
 * ordinary filesystem refusal (missing, a directory where a file was expected, permission, …)
 * becomes one input error naming the path as the user gave it and what it should have been
 * (`fileErrorOf` in core), never an internal error with a stack trace.
 */
export interface ReadRole {
  /** The path for messages, as given (relative to the working directory when the user gave it so). */
  path: string;
  /** What the path should be, e.g. `the SBOM to merge (--merge)`. */
  expected: string;
}

/** Reads a UTF-8 text file. */
export async function readText(absolute: string, role: ReadRole): Promise<string> {
  return readFile(absolute, 'utf8').catch((error: unknown) => {
    throw asFileError(error, { ...role, operation: 'read' });
  });
}

/** Reads a file's bytes. */
export async function readBytes(absolute: string, role: ReadRole): Promise<Buffer> {
  return readFile(absolute).catch((error: unknown) => {
    throw asFileError(error, { ...role, operation: 'read' });
  });
}

/** `stat` of a path that must exist. */
export async function statPath(absolute: string, role: ReadRole): Promise<Stats> {
  return stat(absolute).catch((error: unknown) => {
    throw asFileError(error, { ...role, operation: 'read' });
  });
}

/** The entries of a directory (recursive when asked). */
export async function listDirectory(
  absolute: string,
  role: ReadRole,
  options: { recursive?: boolean } = {},
): Promise<Dirent[]> {
  return readdir(absolute, { withFileTypes: true, recursive: options.recursive === true }).catch(
    (error: unknown) => {
      throw asFileError(error, { ...role, operation: 'read' });
    },
  );
}

/** Throws the input error "not a directory" for `role.path` unless `absolute` is a directory. */
export async function requireDirectory(absolute: string, role: ReadRole): Promise<void> {
  const info = await statPath(absolute, role);
  if (!info.isDirectory())
    throw asFileError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), {
      ...role,
      operation: 'read',
    });
}
