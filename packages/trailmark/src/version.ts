import { readFileSync } from 'node:fs';
import { assetPath } from './assets.js';

/** trailmark's version, from this package's package.json (recorded as the SBOM's tool). */
export const TRAILMARK_VERSION = (
  JSON.parse(readFileSync(assetPath('package', 'package.json'), 'utf8')) as { version: string }
).version;
