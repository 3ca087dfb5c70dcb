import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { TrailmarkError, compareCodeUnits, type InputErrorCode } from '@trailmark/core';

/** One manifest input: a file, or standard input. */
export interface ManifestInput {
  /** The name used in messages: the path as given, or `<stdin>`. */
  name: string;
  /** Absolute path; undefined for stdin. */
  path: string | undefined;
  /** Path relative to the directory the user named (for mirroring into an output directory). */
  relative: string;
  text: string;
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/**
 * Reads the inputs: files as given, directories recursively (`*.yaml`, `*.yml`, `*.json`, sorted),
 * and `-` as standard input. Throws `INPUT_NOT_FOUND` naming the path.
 */
export async function readManifestInputs(
  paths: readonly string[],
  cwd: string,
  stdin: () => Promise<string>,
): Promise<ManifestInput[]> {
  const out: ManifestInput[] = [];
  for (const given of paths) {
    if (given === '-') {
      out.push({ name: '<stdin>', path: undefined, relative: 'stdin.yaml', text: await stdin() });
      continue;
    }
    const absolute = resolve(cwd, given);
    const info = await stat(absolute).catch(() => undefined);
    if (!info)
      throw new TrailmarkError<InputErrorCode>(
        'INPUT_NOT_FOUND',
        `${given}: no such file or directory`,
      );
    if (info.isDirectory()) {
      for (const file of await listManifests(absolute)) {
        out.push({
          name: join(given, relative(absolute, file)),
          path: file,
          relative: relative(absolute, file),
          text: await readFile(file, 'utf8'),
        });
      }
    } else {
      out.push({
        name: given,
        path: absolute,
        relative: given.split(/[\\/]/).pop() ?? given,
        text: await readFile(absolute, 'utf8'),
      });
    }
  }
  return out;
}

async function listManifests(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && MANIFEST_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort(compareCodeUnits);
}
