import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Options of {@link golden}. */
export interface GoldenOptions {
  /** Write `actual` as the golden first. Default: `TRAILMARK_UPDATE_GOLDENS=1` in the environment. */
  update?: boolean;
}

/**
 * The committed golden at `file`, to compare byte for byte: `expect(actual).toBe(golden(url,
 * actual))`. A golden never writes itself: a missing one throws, naming the switch; only with
 * `TRAILMARK_UPDATE_GOLDENS=1` (or `update: true`) is `actual` written first — then read the diff
 * and check it by hand before committing. A golden that is not valid UTF-8 throws too, so string
 * equality is byte equality.
 */
export function golden(file: string | URL, actual: string, options: GoldenOptions = {}): string {
  const path = typeof file === 'string' ? file : fileURLToPath(file);
  const update = options.update ?? process.env.TRAILMARK_UPDATE_GOLDENS === '1';
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual, 'utf8');
  }
  if (!existsSync(path)) {
    throw new Error(
      `golden ${path} does not exist; write it with TRAILMARK_UPDATE_GOLDENS=1, then check it by hand`,
    );
  }
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new Error(`golden ${path} is not UTF-8`);
  return text;
}
