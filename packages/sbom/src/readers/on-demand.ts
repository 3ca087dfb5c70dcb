import type { Lockfile } from '../lockfile.js';
import { noReader, lockfileFormat, type DispatchReader } from './format.js';
import type { ReaderOptions } from './manifest.js';
import { checkVersions } from './version-check.js';
import type * as Plain from './loaders/plain.js';
import type * as Toml from './loaders/toml.js';
import type * as Yaml from './loaders/yaml.js';

// Each ecosystem's reader (and the parser library it needs: yaml, @yarnpkg/parsers, smol-toml),
// imported the first time a lockfile of that format is read. The targets are loaders/*.ts, never
// the readers themselves, so that no reader is both imported statically and a dynamic target.
const plain = (): Promise<typeof Plain> => import('./loaders/plain.js');
const yaml = (): Promise<typeof Yaml> => import('./loaders/yaml.js');
const toml = (): Promise<typeof Toml> => import('./loaders/toml.js');

const LOADERS: Readonly<Record<Lockfile['format'], () => Promise<DispatchReader>>> = {
  npm: async () => (await plain()).readNpmLockfile,
  'yarn-classic': async () => (await plain()).readYarnClassicLockfile,
  go: async () => (await plain()).readGoPair,
  requirements: async () => {
    const { readRequirements } = await plain();
    return (text, path) => readRequirements(text, path);
  },
  pnpm: async () => (await yaml()).readPnpmLockfile,
  'yarn-berry': async () => (await yaml()).readYarnBerryLockfile,
  poetry: async () => {
    const { readPoetryLockfile } = await toml();
    return (text, path) => readPoetryLockfile(text, path);
  },
  uv: async () => {
    const { readUvLockfile } = await toml();
    return (text, path) => readUvLockfile(text, path);
  },
  cargo: async () => {
    const { readCargoLockfile } = await toml();
    return (text, path) => readCargoLockfile(text, path);
  },
};

/**
 * `readLockfile` with the reader loaded on demand: the same result and errors, but only
 * the code of the file's format is loaded (what a short-lived CLI process wants).
 */
export async function readLockfileOnDemand(
  text: string,
  path: string,
  options: ReaderOptions = {},
): Promise<Lockfile> {
  const format = lockfileFormat(path, text);
  const load = format === undefined ? undefined : LOADERS[format];
  if (load === undefined) throw noReader(path, format);
  const reader = await load();
  return checkVersions(reader(text, path, options));
}
