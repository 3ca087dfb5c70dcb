import { resolve } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { readText } from '../read-file.js';

/**
 * Reads a secret from a file (one trailing newline trimmed: editors and `kubectl create secret
 * --from-file` add one). Secrets are files so they stay out of argv, the environment and logs.
 */
export async function readSecretFile(cwd: string, file: string, what: string): Promise<string> {
  const text = await readText(resolve(cwd, file), { path: file, expected: what });
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '')
    throw new TrailmarkError<InputErrorCode>('INPUT_INVALID', `${file}: ${what} is empty`);
  return secret;
}
