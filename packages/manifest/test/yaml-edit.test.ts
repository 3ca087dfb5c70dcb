import { readFileSync } from 'node:fs';
import { isTrailmarkKey, originId } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument, type Node } from 'yaml';
import { ManifestError } from '../src/error.js';
import type { StampFacts } from '../src/facts.js';
import { collectHints } from '../src/hints.js';
import { locateObjects } from '../src/locate.js';
import { stampStreams } from '../src/stamp.js';
import { parseManifestStream } from '../src/stream.js';
import { FlowStyleError, ShapeError, YamlEditor, applyEdits } from '../src/yaml-edit.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);
const REPO = 'https://github.com/acme/shop';
const PATH = 'deploy/app.yaml';

/** Sets `entries` at `path` of the document in `text` with the line-wise editor, removing stale trailmark keys. */
function edit(
  text: string,
  path: string[],
  entries: Record<string, string>,
  newline = '\n',
): string {
  const doc = parseDocument(text);
  const editor = new YamlEditor(text, newline);
  editor.setEntries(doc.contents as Node, path, new Map(Object.entries(entries)), isTrailmarkKey);
  return applyEdits(text, editor.edits);
}

/** Stamps a plain manifest (its own source, repo known, no owners, flat annotations only). */
function stampPlain(text: string): string {
  const streams = [parseManifestStream(text, 'app.yaml')];
  const objects = collectHints(streams);
  const locations = locateObjects({
    objects,
    streamPaths: [PATH],
    chart: undefined,
    kustomizeRoot: '',
    files: new Map(),
  });
  const facts: StampFacts = {
    run: { repository: { uri: REPO }, approvers: [] },
    owners: new Map(),
    introducers: new Map(),
    imagePins: [],
    userValues: [],
    chartValues: new Map(),
    permalinkBase: undefined,
    annotations: 'minimal',
  };
  return stampStreams({ streams, objects, locations, facts }).texts[0] ?? '';
}

/** The origin label value stamped on `kind/name` of the plain manifest. */
function label(kind: string, name: string, namespace?: string): string {
  return originId({ repo: REPO, path: PATH, kind, namespace, name });
}

/** The annotation lines {@link stampPlain} writes for an object whose kind is on `line`, at `indent`. */
function stampedAnnotations(line: number, indent: string, eol = '\n'): string {
  return `${indent}trailmark.dev/source: "${PATH}#L${line}"${eol}${indent}trailmark.dev/repo: "${REPO}"${eol}`;
}

describe('YamlEditor.setEntries', () => {
  it('inserts a missing map after the last key, keeping every other byte', () => {
    const text =
      '# head comment\nmetadata:\n  name: a # the name\n  labels:\n    z: "1"\n    a: \'2\'\nspec: {}\n';
    expect(edit(text, ['metadata', 'annotations'], { 'trailmark.dev/source': 'x.yaml#L2' })).toBe(
      '# head comment\nmetadata:\n  name: a # the name\n  labels:\n    z: "1"\n    a: \'2\'\n  annotations:\n    trailmark.dev/source: "x.yaml#L2"\nspec: {}\n',
    );
  });

  it.each([
    ['empty', '  annotations:\n'],
    ['{}', '  annotations: {}\n'],
    ['null', '  annotations: null\n'],
    ['~', '  annotations: ~\n'],
  ])('fills an annotations map written as %s', (_label, annotationsLine) => {
    const text = `metadata:\n  name: a\n${annotationsLine}  labels:\n    app: x\n`;
    expect(
      edit(text, ['metadata', 'annotations'], {
        'trailmark.dev/source': 's#L1',
        'trailmark.dev/repo': 'r',
      }),
    ).toBe(
      'metadata:\n  name: a\n  annotations:\n    trailmark.dev/source: "s#L1"\n    trailmark.dev/repo: "r"\n  labels:\n    app: x\n',
    );
  });

  it('replaces existing values in place, removes stale trailmark keys and keeps the rest', () => {
    const text = [
      'metadata:',
      '  annotations:',
      '    # keep me',
      '    zeta: "1"',
      '    trailmark.dev/source: old.yaml#L1 # was here',
      '    trailmark.dev/build: https://ci.example/old',
      "    alpha: '2'",
      '    trailmark.dev/provenance: |',
      '      {"v":1}',
      '    omega: 3',
      '',
    ].join('\n');
    expect(
      edit(text, ['metadata', 'annotations'], {
        'trailmark.dev/source': 'new.yaml#L7',
        'trailmark.dev/repo': 'r',
      }),
    ).toBe(
      [
        'metadata:',
        '  annotations:',
        '    # keep me',
        '    zeta: "1"',
        '    trailmark.dev/source: "new.yaml#L7" # was here',
        "    alpha: '2'",
        '    omega: 3',
        '    trailmark.dev/repo: "r"',
        '',
      ].join('\n'),
    );
  });

  it('replaces a block scalar value with a quoted one', () => {
    const text =
      'metadata:\n  annotations:\n    trailmark.dev/provenance: |\n      {"v":1}\n    keep: x\n';
    expect(edit(text, ['metadata', 'annotations'], { 'trailmark.dev/provenance': '{"v":2}' })).toBe(
      'metadata:\n  annotations:\n    trailmark.dev/provenance: "{\\"v\\":2}"\n    keep: x\n',
    );
  });

  it('leaves a map alone when nothing is to be set and nothing is stale', () => {
    const text = 'metadata:\n  annotations:\n    keep: x\n';
    expect(edit(text, ['metadata', 'annotations'], {})).toBe(text);
    expect(edit('metadata:\n  name: a\n', ['metadata', 'annotations'], {})).toBe(
      'metadata:\n  name: a\n',
    );
  });

  it('uses CRLF in inserted lines of a CRLF document', () => {
    const text = 'metadata:\r\n  name: a\r\n  annotations: {}\r\n  labels:\r\n    app: x\r\n';
    expect(
      edit(text, ['metadata', 'annotations'], { 'trailmark.dev/source': 's#L1' }, '\r\n'),
    ).toBe(
      'metadata:\r\n  name: a\r\n  annotations:\r\n    trailmark.dev/source: "s#L1"\r\n  labels:\r\n    app: x\r\n',
    );
    expect(
      edit(
        'metadata:\r\n  name: a\r\n',
        ['metadata', 'labels'],
        { 'trailmark.dev/origin': 'abc' },
        '\r\n',
      ),
    ).toBe('metadata:\r\n  name: a\r\n  labels:\r\n    trailmark.dev/origin: "abc"\r\n');
  });

  it('quotes values so that they stay strings', () => {
    const out = edit('metadata:\n  name: a\n', ['metadata', 'annotations'], {
      'trailmark.dev/owners': '@acme/web,@alice',
      'trailmark.dev/commit': '1234',
      'x.dev/colon': 'a: b # c',
    });
    expect(parse(out)).toEqual({
      metadata: {
        name: 'a',
        annotations: {
          'trailmark.dev/owners': '@acme/web,@alice',
          'trailmark.dev/commit': '1234',
          'x.dev/colon': 'a: b # c',
        },
      },
    });
  });

  it('adds to flow-style maps in place', () => {
    expect(
      edit('metadata: {name: a}\n', ['metadata', 'annotations'], {
        'trailmark.dev/source': 's#L1',
      }),
    ).toBe('metadata: {name: a, annotations: {trailmark.dev/source: "s#L1"}}\n');
    expect(
      edit('metadata:\n  annotations: {a: b}\n', ['metadata', 'annotations'], {
        'trailmark.dev/source': 's#L1',
      }),
    ).toBe('metadata:\n  annotations: {a: b, trailmark.dev/source: "s#L1"}\n');
    expect(
      edit('metadata: {name: a, annotations: {}}\n', ['metadata', 'annotations'], {
        'trailmark.dev/source': 's#L1',
      }),
    ).toBe('metadata: {name: a, annotations: {trailmark.dev/source: "s#L1"}}\n');
  });

  it("rejects a scalar where a map should be as the input's error, not ours", () => {
    expect(() =>
      edit('metadata:\n  annotations: text\n', ['metadata', 'annotations'], {
        'trailmark.dev/source': 's',
      }),
    ).toThrow(ShapeError);
  });

  it.each([
    [
      'a stale key in a flow map (removal needs re-serialising)',
      'metadata:\n  annotations: {trailmark.dev/build: old}\n',
    ],
  ])('refuses to edit %s line-wise', (_label, text) => {
    expect(() => edit(text, ['metadata', 'annotations'], { 'trailmark.dev/source': 's' })).toThrow(
      FlowStyleError,
    );
  });

  it('replaces an existing key whose value is empty', () => {
    const text = 'metadata:\n  annotations:\n    trailmark.dev/source:\n    keep: x\n';
    expect(edit(text, ['metadata', 'annotations'], { 'trailmark.dev/source': 's#L1' })).toBe(
      'metadata:\n  annotations:\n    trailmark.dev/source: "s#L1"\n    keep: x\n',
    );
  });
});

describe('applyEdits', () => {
  it('applies edits in offset order and, at one offset, deeper inserts first', () => {
    const text = 'abcdef';
    const edits = [
      { start: 4, end: 6, text: 'XY' },
      { start: 1, end: 1, text: '[outer]', depth: 2 },
      { start: 1, end: 1, text: '[inner]', depth: 4 },
      { start: 1, end: 1, text: '[outer2]', depth: 2 },
    ];
    expect(applyEdits(text, edits)).toBe('a[inner][outer][outer2]bcdXY');
  });

  it('returns the text unchanged without edits', () => {
    expect(applyEdits('a: 1\n', [])).toBe('a: 1\n');
  });
});

describe('stamping a document (line-wise)', () => {
  it('adds annotations and the label to an object without either', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v # note\n';
    expect(stampPlain(text)).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n' +
        stampedAnnotations(2, '    ') +
        `  labels:\n    trailmark.dev/origin: "${label('ConfigMap', 'a')}"\ndata:\n  k: v # note\n`,
    );
  });

  // Regression: the label used to land after the new annotations map, i.e. inside annotations.
  it('puts the label inside existing labels and the annotations after them', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app: shop # the app\ndata: {}\n';
    const out = stampPlain(text);
    expect(out).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    app: shop # the app\n' +
        `    trailmark.dev/origin: "${label('ConfigMap', 'a')}"\n  annotations:\n` +
        stampedAnnotations(2, '    ') +
        'data: {}\n',
    );
    expect(parse(out)).toMatchObject({
      metadata: { labels: { app: 'shop', 'trailmark.dev/origin': label('ConfigMap', 'a') } },
    });
  });

  it('keeps comments, quoting and key order of the rest of the document byte for byte', () => {
    const text = [
      '# hand-written manifest',
      'kind: ConfigMap # kind first',
      'apiVersion: v1',
      'metadata:',
      '  # who',
      '  namespace: "shop"',
      '  name: a',
      '  annotations:',
      "    z.example/b: 'quoted'",
      '    a.example/a: plain',
      'data:',
      '  zeta: |',
      '    multi',
      '    line',
      '  alpha: 1',
      '',
    ].join('\n');
    const at = text.indexOf('\ndata:') + 1;
    const added =
      stampedAnnotations(2, '    ') +
      `  labels:\n    trailmark.dev/origin: "${label('ConfigMap', 'a', 'shop')}"\n`;
    expect(stampPlain(text)).toBe(text.slice(0, at) + added + text.slice(at));
  });

  it('keeps CRLF in every inserted line', () => {
    const text =
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: x\r\n';
    const out = stampPlain(text);
    expect(out).toBe(
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n  labels:\r\n    app: x\r\n' +
        `    trailmark.dev/origin: "${label('ConfigMap', 'a')}"\r\n  annotations:\r\n` +
        stampedAnnotations(2, '    ', '\r\n'),
    );
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('edits flow-style metadata in place', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}  # flow\ndata:\n  k: v # keep\n';
    expect(stampPlain(text)).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, annotations: ' +
        `{trailmark.dev/source: "${PATH}#L2", trailmark.dev/repo: "${REPO}"}, labels: {trailmark.dev/origin: "${label('ConfigMap', 'a')}"}}` +
        '  # flow\ndata:\n  k: v # keep\n',
    );
  });

  it('falls back to re-serialising when a stale key must leave a flow map, and the result is valid YAML with the annotations', () => {
    const text =
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: a, annotations: {trailmark.dev/build: old, keep: x}}\r\ndata:\r\n  k: v # keep\r\n';
    const out = stampPlain(text);
    expect(parse(out)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        annotations: {
          keep: 'x',
          'trailmark.dev/source': `${PATH}#L2`,
          'trailmark.dev/repo': REPO,
        },
        labels: { 'trailmark.dev/origin': label('ConfigMap', 'a') },
      },
      data: { k: 'v' },
    });
    expect(out).toContain('  k: v # keep\r\n');
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('puts the label inside a flow labels map that closes right before metadata closes', () => {
    const out = stampPlain(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {app: x}}\n',
    );
    expect(parse(out)).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'a',
        labels: { app: 'x', 'trailmark.dev/origin': label('ConfigMap', 'a') },
        annotations: { 'trailmark.dev/source': `${PATH}#L2`, 'trailmark.dev/repo': REPO },
      },
    });
  });

  it('keeps a multi-line flow map valid', () => {
    const out = stampPlain(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {\n  name: a,\n  labels: {app: x}\n}\n',
    );
    expect(() => parseManifestStream(out, 'stamped.yaml')).not.toThrow();
  });

  it('rejects a non-map annotations value with a ManifestError', () => {
    expect(() =>
      stampPlain('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: ""\n'),
    ).toThrow(ManifestError);
  });

  it('keeps a kubectl JSON Deployment as JSON with its 4-space indentation', () => {
    const text = readFileSync(new URL('rendered/deployment.json', FIXTURES), 'utf8');
    const out = stampPlain(text);
    const before = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
    const after = JSON.parse(out) as typeof before;
    const id = label('Deployment', 'web', 'shop');
    const annotations = { 'trailmark.dev/source': `${PATH}#L3`, 'trailmark.dev/repo': REPO };
    expect(after.metadata?.annotations).toEqual({
      'deployment.kubernetes.io/revision': '3',
      ...annotations,
    });
    expect(after.metadata?.labels).toEqual({ app: 'web', 'trailmark.dev/origin': id });
    expect(after.spec?.template).toMatchObject({
      metadata: { labels: { app: 'web', 'trailmark.dev/origin': id }, annotations },
    });
    expect(out).toBe(`${JSON.stringify(after, null, 4)}\n`);
    expect({ ...after, metadata: undefined, spec: { ...after.spec, template: undefined } }).toEqual(
      { ...before, metadata: undefined, spec: { ...before.spec, template: undefined } },
    );
  });

  it('stamps each item of a List at its own kind line', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: one',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: two',
      '    labels:',
      '      a: b',
      '',
    ].join('\n');
    expect(stampPlain(text)).toBe(
      [
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: one',
        '    annotations:',
        stampedAnnotations(5, '      ') + '    labels:',
        `      trailmark.dev/origin: "${label('ConfigMap', 'one')}"`,
        '- apiVersion: v1',
        '  kind: ConfigMap',
        '  metadata:',
        '    name: two',
        '    labels:',
        '      a: b',
        `      trailmark.dev/origin: "${label('ConfigMap', 'two')}"`,
        '    annotations:',
        stampedAnnotations(9, '      '),
      ].join('\n'),
    );
  });

  it('stamps the pod template of a CronJob under jobTemplate', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: CronJob',
      'metadata:',
      '  name: nightly',
      'spec:',
      '  schedule: "0 3 * * *"',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata:',
      '          labels:',
      '            app: nightly',
      '        spec:',
      '          restartPolicy: Never',
      '          containers:',
      '            - name: run',
      '              image: busybox:1.36',
      '',
    ].join('\n');
    const id = label('CronJob', 'nightly');
    expect(stampPlain(text)).toBe(
      [
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata:',
        '  name: nightly',
        '  annotations:',
        stampedAnnotations(2, '    ') + '  labels:',
        `    trailmark.dev/origin: "${id}"`,
        'spec:',
        '  schedule: "0 3 * * *"',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata:',
        '          labels:',
        '            app: nightly',
        `            trailmark.dev/origin: "${id}"`,
        '          annotations:',
        stampedAnnotations(2, '            ') + '        spec:',
        '          restartPolicy: Never',
        '          containers:',
        '            - name: run',
        '              image: busybox:1.36',
        '',
      ].join('\n'),
    );
  });

  it('leaves documents that are not objects byte-identical', () => {
    const text = '# just a comment\n---\n- a\n- b\n---\n';
    expect(stampPlain(text)).toBe(text);
  });

  it('creates one metadata map on a pod template that has none', () => {
    const text = [
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: migrate',
      'spec:',
      '  template:',
      '    spec:',
      '      restartPolicy: Never',
      '      containers:',
      '        - name: migrate',
      '          image: busybox:1.36',
      '',
    ].join('\n');
    const out = stampPlain(text);
    expect(() => parseManifestStream(out, 'stamped.yaml')).not.toThrow();
    expect(parse(out)).toMatchObject({
      spec: {
        template: { metadata: { labels: { 'trailmark.dev/origin': label('Job', 'migrate') } } },
      },
    });
  });

  it('adds no blank line when the document does not end with a newline', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a';
    expect(stampPlain(text)).toBe(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n' +
        stampedAnnotations(2, '    ') +
        `  labels:\n    trailmark.dev/origin: "${label('ConfigMap', 'a')}"\n`,
    );
  });
});
