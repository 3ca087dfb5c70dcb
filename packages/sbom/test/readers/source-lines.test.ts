import { describe, expect, it } from 'vitest';
import type { Lockfile, LockPackage } from '../../src/index.js';
import { JS_FIXTURES, readFixture } from '../helpers/fixtures.js';

/** The text of every line, 1-based index. */
function lines(text: string): string[] {
  return ['', ...text.split('\n').map((line) => line.replace(/\r$/, ''))];
}

function unquote(key: string): string {
  if (key.startsWith('"')) return JSON.parse(key) as string;
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** Whether line `n` is where the lockfile declares `pkg`, by the rules of each format. */
function declares(lockfile: Lockfile, all: string[], pkg: LockPackage): boolean {
  const text = all[pkg.source.line] ?? '';
  switch (lockfile.format) {
    case 'npm': {
      const key =
        lockfile.formatVersion === '1'
          ? pkg.ref.slice(pkg.ref.lastIndexOf('node_modules/') + 13)
          : pkg.ref;
      return text.trim() === `${JSON.stringify(key)}: {`;
    }
    case 'pnpm': {
      const key = /^ {2}(\S.*):\s*$/.exec(text)?.[1];
      const id = pkg.ref.startsWith('importer:') ? pkg.ref.slice('importer:'.length) : pkg.ref;
      return key !== undefined && unquote(key) === id;
    }
    case 'yarn-classic':
      return /^\S.*:$/.test(text) && text.slice(0, -1).split(', ').map(unquote).includes(pkg.ref);
    case 'yarn-berry': {
      const block = all.slice(pkg.source.line + 1, pkg.source.line + 4);
      return /^"\S.*":$/.test(text) && block.includes(`  resolution: ${JSON.stringify(pkg.ref)}`);
    }
    case 'go':
    case 'poetry':
    case 'uv':
    case 'requirements':
    case 'cargo':
      return false;
  }
}

describe('trailmark:source lines point at the entry that declares each package', () => {
  for (const entry of JS_FIXTURES) {
    it(entry.name, () => {
      const { lockfile, text } = readFixture(entry);
      const all = lines(text);
      const wrong = lockfile.packages
        .filter((pkg) => !declares(lockfile, all, pkg))
        .map((pkg) => `${pkg.ref} @${pkg.source.line}`);
      expect(wrong).toEqual([]);
      expect(lockfile.packages.every((pkg) => pkg.source.path === entry.lockfile)).toBe(true);
      expect(new Set(lockfile.packages.map((pkg) => pkg.source.line)).size).toBe(
        lockfile.packages.length,
      );
    });
  }
});
