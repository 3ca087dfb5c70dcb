import type { Lockfile } from '../lockfile.js';
import { SbomError } from '../error.js';
import { readGoModules } from './go.js';
import type { ReaderOptions } from './manifest.js';

/** go.mod is the lockfile proper; go.sum only adds hashes, so either may come as the companion. */
export function readGoPair(text: string, path: string, options: ReaderOptions): Lockfile {
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
