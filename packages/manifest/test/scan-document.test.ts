import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestStream } from '../src/stream.js';
import { compareScan } from './scan-compare.js';
import { SCAN_TRICKY } from './scan-tricky.js';

const REPO = join(import.meta.dirname, '..', '..', '..');
/** The shared corpus, when this machine has it (the repo's copies below are always read). */
const CORPUS = '/work/shared/corpus';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(?:ya?ml|txt)$/.test(name) ? [path] : [];
  });
}

/** Every manifest-like file of the repo's fixtures and of the corpus: rendered streams, charts. */
const streams = [
  ...files(join(REPO, 'packages', 'manifest', 'test', 'fixtures')),
  ...files(join(REPO, 'test', 'fixtures', 'helm')),
  ...files(join(REPO, 'packages', 'testing', 'fixtures', 'k8s')),
  ...files(join(CORPUS, 'helm')),
  ...files(join(CORPUS, 'k8s')),
];

describe('stream scanner against the lean pass: same facts, same stamped bytes', () => {
  it.each(streams)('%s', (path) => {
    const result = compareScan(readFileSync(path, 'utf8'), path);
    expect(result.differences).toEqual([]);
  });

  it('hands the lean pass only documents the lean pass cannot read either', () => {
    const rendered = streams.filter((path) => /\/(?:lean|rendered)\//.test(path));
    expect(rendered.length).toBeGreaterThan(10);
    for (const path of rendered) {
      const text = readFileSync(path, 'utf8');
      const scanned = parseManifestStream(text, path, { lean: true });
      const lean = parseManifestStream(text, path, { lean: true, scan: false });
      expect(scanned.scanFallbacks, path).toBe(lean.fullParses);
    }
  });
});

describe('stream scanner on tricky documents: the same result, or handed to the lean pass', () => {
  it.each(Object.entries(SCAN_TRICKY))('%s', (name, { text, fallbacks }) => {
    const result = compareScan(text, name);
    expect(result.differences).toEqual([]);
    const read = (): number => parseManifestStream(text, name, { lean: true }).scanFallbacks;
    if (fallbacks === 'error') expect(read).toThrow(/^[a-z ]+:\d+: /);
    else expect(read()).toBe(fallbacks);
  });

  it('only builds the values stamp reads', () => {
    const text = SCAN_TRICKY['plain block style, read by the scanner']?.text ?? '';
    const [object] = parseManifestStream(text, 't', { lean: true }).documents[0]?.objects ?? [];
    expect(object?.value.metadata).toEqual({
      name: 'web',
      annotations: { 'team.acme.dev/notes': 'line one\nline two\n' },
    });
    const spec = (object?.value.spec as { template: { spec: unknown } }).template.spec;
    expect(spec).toEqual({
      serviceAccountName: 'web',
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          env: [{}, { valueFrom: { secretKeyRef: { name: 'db' } } }],
        },
      ],
    });
  });
});
