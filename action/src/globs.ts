import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  TrailmarkError,
  compareCodeUnits,
  globToRegExp,
  type InputErrorCode,
} from '@trailmark/core';

const GLOB_CHARS = /[*?[]/;
// Never descended into: version control and dependency trees are not rendered output.
const SKIP_DIRS = new Set(['.git', 'node_modules']);

/**
 * Expands the `manifests` input: plain paths pass through (the facade reports a missing one);
 * globs (`*`, `?`, `**`, `[…]`), relative to `cwd`, become the sorted files they match. A glob
 * that matches nothing is an input error naming it.
 */
export async function expandGlobs(patterns: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  let files: string[] | undefined;
  for (const pattern of patterns) {
    if (!GLOB_CHARS.test(pattern)) {
      out.push(pattern);
      continue;
    }
    files ??= await listFiles(cwd, '');
    const regex = globToRegExp(pattern.replace(/^\.\//, ''));
    const matched = files.filter((file) => regex.test(file));
    if (matched.length === 0)
      throw new TrailmarkError<InputErrorCode>(
        'INPUT_NOT_FOUND',
        `manifests: no file matches "${pattern}" in ${cwd}`,
      );
    out.push(...matched);
  }
  return [...new Set(out)];
}

async function listFiles(root: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  for (const entry of entries.sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory() && !SKIP_DIRS.has(entry.name))
      out.push(...(await listFiles(root, path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}
