import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TrailmarkError, asFileError, fileErrorOf, type FileRole } from '@trailmark/core';

const errno = (code: string, syscall = 'open'): Error =>
  Object.assign(new Error(`${code}: raw message with /tmp/.out.yaml.1a2b.tmp`), { code, syscall });

const READ: FileRole = { path: 'in/m.yaml', expected: 'a manifest file', operation: 'read' };
const WRITE: FileRole = { path: 'out/x.yaml', expected: 'the SBOM (-o)', operation: 'write' };

describe('fileErrorOf', () => {
  it.each([
    ['ENOENT', 'open', READ, 'INPUT_NOT_FOUND', 'no such file or directory'],
    ['ENOTDIR', 'scandir', READ, 'INPUT_INVALID', 'a file stands where a directory is needed'],
    ['EISDIR', 'read', READ, 'INPUT_INVALID', 'it is a directory'],
    ['EACCES', 'open', READ, 'INPUT_ACCESS', 'permission denied'],
    ['EPERM', 'open', WRITE, 'INPUT_ACCESS', 'operation not permitted'],
    ['EACCES', 'open', WRITE, 'INPUT_ACCESS', 'permission denied'],
    ['EROFS', 'open', WRITE, 'INPUT_ACCESS', 'read-only file system'],
    ['ENOSPC', 'write', WRITE, 'INPUT_NO_SPACE', 'no space left on device'],
    ['EDQUOT', 'write', WRITE, 'INPUT_NO_SPACE', 'disk quota exceeded'],
    ['EEXIST', 'mkdir', WRITE, 'INPUT_INVALID', 'a file stands where a directory is needed'],
    ['EEXIST', 'open', WRITE, 'INPUT_INVALID', 'it already exists'],
    ['ELOOP', 'open', READ, 'INPUT_INVALID', 'too many levels of symbolic links'],
    ['ENAMETOOLONG', 'open', WRITE, 'INPUT_INVALID', 'file name too long'],
  ] as const)('%s from %s (%o) is %s: %s', (code, syscall, role, errorCode, reason) => {
    const cause = errno(code, syscall);
    const error = fileErrorOf(cause, role);
    expect(error).toBeInstanceOf(TrailmarkError);
    expect(error?.code).toBe(errorCode);
    expect(error?.message).toBe(
      `${role.path}: cannot ${role.operation} ${role.expected}: ${reason}`,
    );
    // The cause is a scrubbed copy (foreignCause) that keeps the original's name and code.
    expect(error?.cause).toMatchObject({ name: cause.name, code });
  });

  it('never quotes the raw message (it may name a temporary file)', () => {
    expect(fileErrorOf(errno('ENOSPC'), WRITE)?.message).not.toContain('.tmp');
  });

  it('maps a real error from node:fs', async () => {
    const error = await readFile('/nonexistent/trailmark/x.yaml').then(
      () => undefined,
      (e: unknown) => fileErrorOf(e, READ),
    );
    expect(error?.code).toBe('INPUT_NOT_FOUND');
  });

  it.each([
    ['an unknown errno code', errno('EIO')],
    ['a plain Error', new Error('boom')],
    ['a TrailmarkError', new TrailmarkError('INPUT_USAGE', 'already ours')],
    ['a string', 'ENOENT'],
    ['undefined', undefined],
  ])('leaves %s alone', (_name, value) => {
    expect(fileErrorOf(value, READ)).toBeUndefined();
    expect(asFileError(value, READ)).toBe(value);
  });
});
