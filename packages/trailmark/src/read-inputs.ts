import { join, relative, resolve } from 'node:path';
import { compareCodeUnits } from '@trailmark/core';
import { listDirectory, readText, statPath } from './read-file.js';

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
const EXPECTED = 'a manifest file or directory';

/**
 * Reads the inputs: files as given, directories recursively (`*.yaml`, `*.yml`, `*.json`, sorted),
 * and `-` as standard input. A path that cannot be read is an input error naming it.
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
    const info = await statPath(absolute, { path: given, expected: EXPECTED });
    if (info.isDirectory()) {
      for (const file of await listManifests(absolute, given)) {
        const name = join(given, relative(absolute, file));
        out.push({
          name,
          path: file,
          relative: relative(absolute, file),
          text: await readText(file, { path: name, expected: 'a manifest file' }),
        });
      }
    } else {
      out.push({
        name: given,
        path: absolute,
        relative: given.split(/[\\/]/).pop() ?? given,
        text: await readText(absolute, { path: given, expected: EXPECTED }),
      });
    }
  }
  return out;
}

async function listManifests(dir: string, given: string): Promise<string[]> {
  const entries = await listDirectory(
    dir,
    { path: given, expected: EXPECTED },
    { recursive: true },
  );
  return entries
    .filter((entry) => entry.isFile() && MANIFEST_FILE.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort(compareCodeUnits);
}
