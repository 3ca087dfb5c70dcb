import type { Lockfile } from '../lockfile.js';
import { SbomError } from '../error.js';
import type { ReaderOptions } from './manifest.js';

/** A reader as the dispatchers call it: text, path, and the optional extra inputs. */
export type DispatchReader = (text: string, path: string, options: ReaderOptions) => Lockfile;

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

/** `SBOM_UNSUPPORTED_VERSION` for a file no reader handles. */
export function noReader(path: string, format: Lockfile['format'] | undefined): SbomError {
  return new SbomError(
    'SBOM_UNSUPPORTED_VERSION',
    `${path}: no reader for this file (format ${format ?? 'unknown'})`,
    {
      location: { path, line: 0 },
    },
  );
}
