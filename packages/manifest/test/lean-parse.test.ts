import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifestStream } from '../src/stream.js';
import { compareLean } from './lean-compare.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const LEAN = join(FIXTURES, 'lean');
const RENDERED = join(FIXTURES, 'unit', 'rendered');

/** Every rendered stream the tests hold: the corpus copies and the unit fixtures. */
const streams = [
  ...readdirSync(LEAN)
    .filter((name) => name !== 'README.md')
    .map((name) => join(LEAN, name)),
  ...readdirSync(RENDERED).map((name) => join(RENDERED, name)),
];

describe('lean pass against the full yaml Document, byte for byte', () => {
  it.each(streams)('%s', (path) => {
    const result = compareLean(readFileSync(path, 'utf8'), path);
    expect(result.differences).toEqual([]);
    expect(result.documents).toBeGreaterThan(0);
  });

  it('reads Helm 3 output without falling back to the full parser', () => {
    for (const name of ['helm-testdata-template.txt', 'helm-testdata-template-with-crds.txt']) {
      const stream = parseManifestStream(readFileSync(join(LEAN, name), 'utf8'), name, {
        lean: true,
      });
      expect(stream.fullParses).toBe(0);
      expect(stream.documents.some((doc) => doc.lean !== undefined)).toBe(true);
    }
  });
});

const TRICKY: Record<string, string> = {
  'flow mappings and anchors': [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata: {name: a, labels: {x: "1"}}',
    'data: &d {k: v}',
    'extra: *d',
    '',
  ].join('\n'),
  'annotations as a flow map with entries': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  annotations: {a: "1", trailmark.dev/source: "old#L1"}',
    'spec:',
    '  template:',
    '    metadata: {}',
    '    spec:',
    '      containers:',
    '      - name: web',
    '        image: nginx:1.27 # pinned later',
    '        args: [--port, "8080"]',
    '',
  ].join('\n'),
  'multi-line scalars and comments': [
    '# Source: chart/templates/cm.yaml',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: multi # trailing comment',
    '  annotations:',
    '    description: a plain scalar',
    '      that continues here',
    '    folded: >-',
    '      one',
    '      two',
    '  # a comment between keys',
    '  labels:',
    "    quoted: 'it''s'",
    '    escaped: "tab\\there"',
    'data:',
    '  script: |',
    '    #!/bin/sh',
    '',
    '    echo "key: value"',
    '',
  ].join('\n'),
  'document end and a comment-only document': [
    '---',
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: ns',
    '...',
    '---',
    '# only a comment',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: svc',
    '  labels:',
    '    trailmark.dev/origin: stale',
    'spec:',
    '  ports:',
    '  - port: 80',
    '    targetPort: 8080',
    '',
  ].join('\n'),
  'CRLF line ends': 'apiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: s\r\ntype: Opaque\r\n',
  'typed scalars and a List': [
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Pod',
    '  metadata:',
    '    name: p',
    '    annotations:',
    '      n: 1.0',
    '      b: True',
    '      z: ~',
    '      o: 0o17',
    '  spec:',
    '    serviceAccountName: sa',
    '    containers:',
    '    - name: c',
    '      image: "busybox"',
    '',
  ].join('\n'),
  'a key with nothing after it and a document without a final newline': [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    '  name: nightly',
    '  annotations:',
    'spec:',
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          initContainers:',
    '          - name: init',
    "            image: 'alpine:3'",
    '          containers:',
    '            - name: run',
    '              image: registry.example/run:1',
  ].join('\n'),
};

describe('lean pass on tricky inputs: same bytes as the full Document', () => {
  it.each(Object.entries(TRICKY))('%s', (name, text) => {
    const result = compareLean(text, name);
    expect(result.differences).toEqual([]);
  });

  it('rejects what the full parser rejects, with the same error', () => {
    const text = '%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\n';
    const message = (lean: boolean): string => {
      try {
        parseManifestStream(text, 'd.yaml', { lean });
        return 'parsed';
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(message(true)).toBe(message(false));
    expect(message(true)).toMatch(/^d\.yaml:\d+: /);
  });

  it('falls back to the full parser exactly where it cannot decide', () => {
    const fullParses = (text: string): number =>
      parseManifestStream(text, 't', { lean: true }).fullParses;
    expect(fullParses(TRICKY['flow mappings and anchors'] ?? '')).toBe(1);
    expect(fullParses(TRICKY['multi-line scalars and comments'] ?? '')).toBe(1);
    expect(fullParses(TRICKY['CRLF line ends'] ?? '')).toBe(1);
    expect(fullParses(TRICKY['typed scalars and a List'] ?? '')).toBe(1);
    expect(
      fullParses(
        TRICKY['a key with nothing after it and a document without a final newline'] ?? '',
      ),
    ).toBe(0);
  });
});
