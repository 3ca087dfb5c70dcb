import { fileURLToPath } from 'node:url';

/**
 * Files the facade reads at run time: the JSON Schemas (`schemas/` at the repository root), the
 * bundled Sigstore trusted roots (`packages/trailmark/trust/`) and this package's `package.json`.
 */
export type AssetKind = 'schemas' | 'trust' | 'package';

/**
 * Set to `true` by the Action's esbuild build (`define`), where this module is inlined into
 * `action/dist/index.js` and `import.meta.url` is the bundle's URL, not this file's.
 */
declare const TRAILMARK_BUNDLED: boolean | undefined;
/**
 * Set to `true` by the CLI's esbuild build (packages/cli/scripts/build.mjs): the npm package
 * `trailmark`, whose chunks sit in `dist/` beside its own `schemas/`, `trust/` and package.json.
 */
declare const TRAILMARK_PACKAGE: boolean | undefined;

// Where each kind lives relative to the running module. Both layouts are inside the trailmark
// repository: `uses: owner/trailmark/action@ref` checks out the whole repository, so the bundle
// reads the same files as the package instead of carrying copies that could go stale.
const FROM_PACKAGE: Record<AssetKind, string> = {
  schemas: '../../../schemas/',
  trust: '../trust/',
  package: '../',
};
const FROM_BUNDLE: Record<AssetKind, string> = {
  schemas: '../../schemas/',
  trust: '../../packages/trailmark/trust/',
  package: '../../packages/trailmark/',
};

const FROM_NPM_PACKAGE: Record<AssetKind, string> = {
  schemas: '../schemas/',
  trust: '../trust/',
  package: '../',
};

/** True when running from the Action's bundle (`action/dist/index.js`). */
export const IS_BUNDLED = typeof TRAILMARK_BUNDLED === 'boolean' && TRAILMARK_BUNDLED;
const IS_NPM_PACKAGE = typeof TRAILMARK_PACKAGE === 'boolean' && TRAILMARK_PACKAGE;
const LAYOUT = IS_NPM_PACKAGE ? FROM_NPM_PACKAGE : IS_BUNDLED ? FROM_BUNDLE : FROM_PACKAGE;

/** Absolute directory of an asset kind, with a trailing separator. */
export function assetDir(kind: AssetKind): string {
  return fileURLToPath(new URL(LAYOUT[kind], import.meta.url));
}

/** Absolute path of one asset file, e.g. `assetPath('schemas', 'origin-records.v1.schema.json')`. */
export function assetPath(kind: AssetKind, name: string): string {
  if (name === '' || name.includes('/') || name.includes('\\') || name.startsWith('.'))
    throw new Error(`asset name "${name}" must be a plain file name`);
  return `${assetDir(kind)}${name}`;
}
