import { describe, expect, it } from 'vitest';
import { ManifestError } from '../src/error.js';
import {
  MAX_ALIAS_COUNT,
  MAX_DEPTH,
  parseManifestStream,
  type ManifestStream,
} from '../src/stream.js';

/** The text of every document, in order. */
function documentTexts(stream: ManifestStream): string[] {
  return stream.documents.map((doc) => stream.text.slice(doc.start, doc.end));
}

/** Summary of every object: kind/name, its kind line and start line in the stream. */
function objectLines(stream: ManifestStream): [string, number, number][] {
  return stream.documents.flatMap((doc) =>
    doc.objects.map((o): [string, number, number] => [
      `${o.kind}/${o.name}`,
      o.kindLine,
      o.startLine,
    ]),
  );
}

/** Calls `run` and returns what it threw (fails the test when it throws nothing). */
function thrown(run: () => unknown): ManifestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected a ManifestError');
}

const HELM_STREAM = [
  '---',
  '# Source: shop/templates/configmap.yaml',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: shop-config',
  'data:',
  '  greeting: "---"',
  '---',
  '# Source: shop/templates/service.yaml',
  '# a second comment line',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: shop',
  '  namespace: web',
  'spec:',
  '  ports: [{ port: 80 }]',
  '',
].join('\n');

describe('parseManifestStream: splitting', () => {
  it.each([
    ['a Helm stream that starts with ---', HELM_STREAM],
    ['a stream without separators', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n'],
    [
      'empty documents between separators',
      '---\n---\n\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n',
    ],
    [
      'a stream without a final newline',
      'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret',
    ],
    [
      'CRLF line ends',
      'apiVersion: v1\r\nkind: ConfigMap\r\n---\r\napiVersion: v1\r\nkind: Secret\r\n',
    ],
    [
      'separators with comments and document end markers',
      '--- # first\napiVersion: v1\nkind: A\n...\n---\t\napiVersion: v1\nkind: B\n',
    ],
    ['the empty input', ''],
  ])('keeps offsets contiguous for %s', (_label, input) => {
    const stream = parseManifestStream(input, 'in.yaml');
    expect(documentTexts(stream).join('')).toBe(input);
    expect(stream.documents[0]?.start).toBe(0);
    expect(stream.documents[stream.documents.length - 1]?.end).toBe(input.length);
    stream.documents.forEach((doc, i) => {
      expect(doc.index).toBe(i);
      if (i > 0) expect(doc.start).toBe(stream.documents[i - 1]?.end);
    });
  });

  it('starts each document at its --- line and reads kind and start lines in stream coordinates', () => {
    const stream = parseManifestStream(HELM_STREAM, 'in.yaml');
    expect(stream.documents.map((doc) => doc.line)).toEqual([1, 9]);
    expect(objectLines(stream)).toEqual([
      ['ConfigMap/shop-config', 4, 3],
      ['Service/shop', 13, 12],
    ]);
    expect(stream.documents[1]?.objects[0]?.namespace).toBe('web');
    expect(stream.warnings).toEqual([]);
  });

  it('does not split on --- inside a value or on longer dash runs', () => {
    const input =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  banner: |\n    ----\n    ---x\n';
    const stream = parseManifestStream(input, 'in.yaml');
    expect(stream.documents).toHaveLength(1);
    expect(stream.documents[0]?.objects[0]?.value).toMatchObject({
      data: { banner: '----\n---x\n' },
    });
  });
});

describe('parseManifestStream: # Source comments', () => {
  it('reads the Source comment of each document', () => {
    const stream = parseManifestStream(HELM_STREAM, 'in.yaml');
    expect(stream.documents.map((doc) => doc.sourceComment)).toEqual([
      'shop/templates/configmap.yaml',
      'shop/templates/service.yaml',
    ]);
  });

  it.each([
    [
      '# Source: shop/charts/redis/templates/master.yaml   ',
      'shop/charts/redis/templates/master.yaml',
    ],
    ['#Source:shop/templates/a.yaml', 'shop/templates/a.yaml'],
    ['# Source: shop/templates/a.yaml\r', 'shop/templates/a.yaml'],
  ])('reads %j as %j', (comment, path) => {
    const stream = parseManifestStream(
      `---\n${comment}\napiVersion: v1\nkind: ConfigMap\n`,
      'in.yaml',
    );
    expect(stream.documents[0]?.sourceComment).toBe(path);
  });

  it('ignores a Source comment below YAML content (it belongs to no document header)', () => {
    const stream = parseManifestStream(
      'apiVersion: v1\n# Source: shop/templates/a.yaml\nkind: ConfigMap\n',
      'in.yaml',
    );
    expect(stream.documents[0]?.sourceComment).toBeUndefined();
  });
});

describe('parseManifestStream: encodings', () => {
  it('detects CRLF and keeps line numbers', () => {
    const input =
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: a\r\n---\r\n# Source: b/templates/y.yaml\r\napiVersion: v1\r\nkind: Secret\r\nmetadata:\r\n  name: b\r\n';
    const stream = parseManifestStream(input, 'crlf.yaml');
    expect(stream.newline).toBe('\r\n');
    expect(stream.documents[1]?.sourceComment).toBe('b/templates/y.yaml');
    expect(objectLines(stream)).toEqual([
      ['ConfigMap/a', 2, 1],
      ['Secret/b', 8, 7],
    ]);
  });

  it('uses LF when the first line ends with LF', () => {
    expect(parseManifestStream('a: 1\nb: 2\r\n', 'in.yaml').newline).toBe('\n');
  });

  it('strips a UTF-8 BOM from the text and remembers it', () => {
    const stream = parseManifestStream(
      '\uFEFFapiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      'bom.yaml',
    );
    expect(stream.bom).toBe(true);
    expect(stream.text.startsWith('apiVersion')).toBe(true);
    expect(objectLines(stream)).toEqual([['ConfigMap/a', 2, 1]]);
    expect(parseManifestStream('apiVersion: v1\n', 'x').bom).toBe(false);
  });
});

describe('parseManifestStream: documents without objects', () => {
  it.each([
    ['an empty document', '---\n---\napiVersion: v1\nkind: ConfigMap\n'],
    [
      'a comment-only document',
      '# Source: shop/templates/empty.yaml\n# nothing rendered\n---\napiVersion: v1\nkind: ConfigMap\n',
    ],
    ['a blank document', '\n\n---\napiVersion: v1\nkind: ConfigMap\n'],
  ])('passes %s through without YAML, objects or warnings', (_label, input) => {
    const stream = parseManifestStream(input, 'in.yaml');
    expect(stream.documents[0]?.yaml).toBeUndefined();
    expect(stream.documents[0]?.objects).toEqual([]);
    expect(stream.documents[1]?.objects.map((o) => o.kind)).toEqual(['ConfigMap']);
    expect(stream.warnings).toEqual([]);
  });

  it.each([
    ['a sequence', '- 1\n- 2\n'],
    ['a scalar', 'just text\n'],
    ['a map without apiVersion', 'kind: ConfigMap\nmetadata:\n  name: a\n'],
    ['a map without kind', 'apiVersion: v1\nmetadata:\n  name: a\n'],
  ])('warns about %s, naming file:line of its document', (_label, body) => {
    const stream = parseManifestStream(`apiVersion: v1\nkind: ConfigMap\n---\n${body}`, 'in.yaml');
    expect(stream.documents[1]?.objects).toEqual([]);
    expect(stream.warnings).toEqual([
      'in.yaml:3: document is not a Kubernetes object (no apiVersion/kind); passed through unchanged',
    ]);
  });
});

describe('parseManifestStream: kind List', () => {
  const LIST = [
    '# Source: shop/templates/list.yaml',
    'apiVersion: v1',
    'kind: List',
    'items:',
    '- apiVersion: v1',
    '  kind: Secret',
    '  metadata:',
    '    name: s',
    '- kind: ConfigMap',
    '  apiVersion: v1',
    '  metadata: {name: c, namespace: ns}',
    '- not-an-object',
    '- apiVersion: v1',
    '  metadata:',
    '    name: no-kind',
    '',
  ].join('\n');

  it('makes each item an object with its own kind line, start line and path', () => {
    const stream = parseManifestStream(LIST, 'list.yaml');
    const objects = stream.documents[0]?.objects ?? [];
    expect(
      objects.map((o) => [o.kind, o.name, o.namespace, o.kindLine, o.startLine, o.path]),
    ).toEqual([
      ['Secret', 's', undefined, 6, 5, ['items', 0]],
      ['ConfigMap', 'c', 'ns', 9, 9, ['items', 1]],
    ]);
    expect(stream.warnings).toEqual([]);
  });

  it('treats any *List kind with items as a list', () => {
    const input =
      'apiVersion: v1\nkind: ConfigMapList\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: a\n';
    const objects = parseManifestStream(input, 'in.yaml').documents[0]?.objects ?? [];
    expect(objects.map((o) => [o.kind, o.kindLine, o.path])).toEqual([
      ['ConfigMap', 5, ['items', 0]],
    ]);
  });

  it('names an object by generateName when it has no name', () => {
    const objects = parseManifestStream(
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n',
      'in.yaml',
    ).documents[0]?.objects;
    expect(objects?.[0]?.name).toBe('migrate-');
  });
});

describe('parseManifestStream: errors', () => {
  const FAKE_SECRET = 'hunter2-FAKE-s3cr3t';
  const GOOD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n';
  const SECRET_HEAD = '---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\nstringData:\n';

  it.each([
    [
      'a nested mapping on the secret line',
      `  password: ${FAKE_SECRET}: x\n  user: a\n`,
      11,
      'Nested mappings are not allowed in compact mappings',
    ],
    [
      'a tab as indentation',
      `\tpassword: ${FAKE_SECRET}\n`,
      11,
      'Tabs are not allowed as indentation',
    ],
    [
      'a duplicate key',
      `  password: ${FAKE_SECRET}\n  password: other\n`,
      12,
      'Map keys must be unique',
    ],
    [
      'a misindented key',
      `  password: ${FAKE_SECRET}\n user: a\n`,
      12,
      'All mapping items must start at the same column',
    ],
  ])('names name:line for %s and never echoes the input', (_label, body, line, reason) => {
    const error = thrown(() => parseManifestStream(GOOD + SECRET_HEAD + body, 'release.yaml'));
    expect(error.code).toBe('MANIFEST_PARSE');
    expect(error.message).toBe(`release.yaml:${line}: ${reason}`);
    expect(error.location).toEqual({ path: 'release.yaml', line });
    expect(error.message).not.toContain(FAKE_SECRET);
    const cause =
      error.cause instanceof Error ? error.cause.message : JSON.stringify(error.cause ?? null);
    expect(cause).not.toContain(FAKE_SECRET);
  });

  it('rejects an alias bomb with MANIFEST_ALIAS_LIMIT', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: lol',
      'data:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      '',
    ].join('\n');
    const error = thrown(() => parseManifestStream(`${GOOD}---\n${bomb}`, 'bomb.yaml'));
    expect(error.code).toBe('MANIFEST_ALIAS_LIMIT');
    expect(error.message).toBe(
      `bomb.yaml:5: more than ${MAX_ALIAS_COUNT} alias expansions (alias bomb?)`,
    );
    expect(error.cause).toBeDefined();
  });

  it('accepts a few aliases', () => {
    const stream = parseManifestStream(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: &l {app: x}\n  annotations: *l\n',
      'in.yaml',
    );
    expect(stream.documents[0]?.objects[0]?.value).toMatchObject({
      metadata: { annotations: { app: 'x' } },
    });
  });

  it('reports an unresolved alias as a parse error at its line, not as an alias bomb', () => {
    const error = thrown(() =>
      parseManifestStream(
        `${GOOD}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: *missing\n`,
        'cm.yaml',
      ),
    );
    expect(error.code).toBe('MANIFEST_PARSE');
    expect(error.location).toEqual({ path: 'cm.yaml', line: 11 });
  });

  const nestedFlow = (levels: number): string => `x: ${'['.repeat(levels)}${']'.repeat(levels)}\n`;
  const nestedBlock = (levels: number): string =>
    Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}k:\n`).join('') +
    `${' '.repeat(levels)}v: 1\n`;

  it.each([
    ['flow sequences just past the limit', nestedFlow(MAX_DEPTH + 1)],
    ['flow sequences deep enough to exhaust the parser', nestedFlow(5000)],
    ['block mappings', nestedBlock(MAX_DEPTH + 50)],
  ])('rejects %s with MANIFEST_TOO_DEEP', (_label, body) => {
    const error = thrown(() => parseManifestStream(GOOD + '---\n' + body, 'deep.yaml'));
    expect(error.code).toBe('MANIFEST_TOO_DEEP');
    expect(error.message).toMatch(
      new RegExp(`^deep\\.yaml:\\d+: nesting deeper than ${MAX_DEPTH} levels$`),
    );
    expect(error.location?.line).toBeGreaterThanOrEqual(5);
  });

  it('accepts nesting at the limit', () => {
    const stream = parseManifestStream(
      `apiVersion: v1\nkind: ConfigMap\n${nestedFlow(MAX_DEPTH)}`,
      'in.yaml',
    );
    expect(stream.documents[0]?.objects).toHaveLength(1);
  });
});
