import * as nodeModule from 'node:module';

/**
 * Turns on Node's on-disk cache of compiled code (`module.enableCompileCache`, Node 22.1 and
 * later; the Action runs on Node 24) for the modules loaded after this call, so a later run of
 * the same bundle skips most of its parsing and compiling. Node keeps the cache in
 * `NODE_COMPILE_CACHE` or under the temp dir — never in the install dir — and honours
 * `NODE_DISABLE_COMPILE_CACHE`. Older Node versions have no such cache: nothing happens.
 */
export function enableCompileCache(): void {
  const enable = (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache;
  try {
    enable?.();
  } catch {
    // A cache that cannot be used only costs time, never the command.
  }
}
