import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, golden, type TempDir } from '../src/index.js';

describe('golden', () => {
  let tmp: TempDir;
  beforeEach(async () => {
    tmp = await createTempDir('trailmark-golden-');
  });
  afterEach(() => tmp.cleanup());

  it('fails on a missing golden instead of writing it', () => {
    const file = join(tmp.path, 'out.golden.json');
    expect(() => golden(file, '{}\n', { update: false })).toThrow(/TRAILMARK_UPDATE_GOLDENS=1/);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
  });

  it('returns the committed bytes, so a difference fails the comparison', () => {
    const file = join(tmp.path, 'out.golden.json');
    writeFileSync(file, '{"a":1}\n');
    expect(golden(file, '{"a":2}\n', { update: false })).toBe('{"a":1}\n');
    expect(golden(file, '{"a":1}', { update: false })).not.toBe('{"a":1}');
  });

  it('writes only when asked to update', () => {
    const file = join(tmp.path, 'deep', 'out.golden.json');
    expect(golden(file, 'new\n', { update: true })).toBe('new\n');
    expect(readFileSync(file, 'utf8')).toBe('new\n');
  });

  it('refuses a golden that is not UTF-8', () => {
    const file = join(tmp.path, 'bad.golden');
    writeFileSync(file, Buffer.from([0x7b, 0xff, 0x7d]));
    expect(() => golden(file, '{}', { update: false })).toThrow(/not UTF-8/);
  });
});
