import type { Lockfile } from '../lockfile.js';
import { readCargoLockfile } from './cargo.js';
import { noReader, lockfileFormat, type DispatchReader } from './format.js';
import { readGoPair } from './go-pair.js';
import type { ReaderOptions } from './manifest.js';
import { readNpmLockfile } from './npm.js';
import { readPnpmLockfile } from './pnpm.js';
import { readPoetryLockfile } from './poetry.js';
import { readRequirements } from './requirements.js';
import { readUvLockfile } from './uv.js';
import { readYarnBerryLockfile } from './yarn-berry.js';
import { readYarnClassicLockfile } from './yarn-classic.js';
import { checkVersions } from './version-check.js';

export { lockfileFormat };

const READERS: Readonly<Record<Lockfile['format'], DispatchReader | undefined>> = {
  npm: readNpmLockfile,
  pnpm: readPnpmLockfile,
  'yarn-classic': readYarnClassicLockfile,
  'yarn-berry': readYarnBerryLockfile,
  go: readGoPair,
  poetry: (text, path) => readPoetryLockfile(text, path),
  uv: (text, path) => readUvLockfile(text, path),
  requirements: (text, path) => readRequirements(text, path),
  cargo: (text, path) => readCargoLockfile(text, path),
};

/**
 * Reads a lockfile with the reader its file name (and, for `yarn.lock`, its text) calls for.
 * Throws `SBOM_UNSUPPORTED_VERSION` for files no reader handles. A version the ecosystem could
 * not have written is dropped with a warning (see `checkVersions`). Every reader is loaded with
 * this module; {@link readLockfileOnDemand} loads only the one a file needs.
 */
export function readLockfile(text: string, path: string, options: ReaderOptions = {}): Lockfile {
  const format = lockfileFormat(path, text);
  const reader = format === undefined ? undefined : READERS[format];
  if (reader === undefined) throw noReader(path, format);
  return checkVersions(reader(text, path, options));
}
