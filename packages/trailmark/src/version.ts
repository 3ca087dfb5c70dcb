import { readFileSync } from 'node:fs';

/** trailmark's version, from this package's package.json (recorded as the SBOM's tool). */
export const TRAILMARK_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
