import type { Lockfile } from '../lockfile.js';
import { SbomError } from '../error.js';
import { readCargoLockfile } from './cargo.js';
import { readGoModules } from './go.js';
import type { ReaderOptions } from './manifest.js';
import { readNpmLockfile } from './npm.js';
import { readPnpmLockfile } from './pnpm.js';
import { readPoetryLockfile } from './poetry.js';
import { readRequirements } from './requirements.js';
import { readUvLockfile } from './uv.js';
import { readYarnBerryLockfile } from './yarn-berry.js';
import { readYarnClassicLockfile } from './yarn-classic.js';
import { checkVersions } from './version-check.js';

/** A reader as the dispatcher calls it: text, path, and the optional extra inputs. */
type DispatchReader = (text: string, path: string, options: ReaderOptions) => Lockfile;

const BY_NAME: Readonly<Record<string, Lockfile['format']>> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'go.mod': 'go',
  'go.sum': 'go',
  'poetry.lock': 'poetry',
  'uv.lock': 'uv',
  'Cargo.lock': 'cargo',
};

/**
 * The lockfile format a file name stands for (a path is fine: only its last segment counts),
 * or undefined. `yarn.lock` is yarn berry when its text has a `__metadata:` block, else yarn
 * classic: pass `text` to tell them apart.
 */
export function lockfileFormat(fileName: string, text = ''): Lockfile['format'] | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  if (base === 'yarn.lock') return /^__metadata:/m.test(text) ? 'yarn-berry' : 'yarn-classic';
  if (/^requirements.*\.txt$/.test(base)) return 'requirements';
  return BY_NAME[base];
}

const READERS: Readonly<Record<Lockfile['format'], DispatchReader | undefined>> = {
  npm: readNpmLockfile,
  pnpm: readPnpmLockfile,
  'yarn-classic': readYarnClassicLockfile,
  'yarn-berry': readYarnBerryLockfile,
  go: readGo,
  poetry: (text, path) => readPoetryLockfile(text, path),
  uv: (text, path) => readUvLockfile(text, path),
  requirements: (text, path) => readRequirements(text, path),
  cargo: (text, path) => readCargoLockfile(text, path),
};

/**
 * Reads a lockfile with the reader its file name (and, for `yarn.lock`, its text) calls for.
 * Throws `SBOM_UNSUPPORTED_VERSION` for files no reader handles. A version the ecosystem could
 * not have written is dropped with a warning (see `checkVersions`).
 */
export function readLockfile(text: string, path: string, options: ReaderOptions = {}): Lockfile {
  const format = lockfileFormat(path, text);
  const reader = format === undefined ? undefined : READERS[format];
  if (reader === undefined) {
    throw new SbomError(
      'SBOM_UNSUPPORTED_VERSION',
      `${path}: no reader for this file (format ${format ?? 'unknown'})`,
      {
        location: { path, line: 0 },
      },
    );
  }
  return checkVersions(reader(text, path, options));
}

/** go.mod is the lockfile proper; go.sum only adds hashes, so either may come as the companion. */
function readGo(text: string, path: string, options: ReaderOptions): Lockfile {
  const companion = options.companion;
  if (path.endsWith('go.mod')) return readGoModules(text, path, companion?.text, companion?.path);
  if (companion === undefined) {
    throw new SbomError(
      'SBOM_PARSE',
      `${path}: go.sum is read together with its go.mod (pass go.mod as companion)`,
      {
        location: { path, line: 0 },
      },
    );
  }
  return readGoModules(companion.text, companion.path, text, path);
}
