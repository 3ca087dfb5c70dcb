import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../src/template-pattern.js';
import { indexTemplate, type TemplateSegment } from '../src/template.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);

function fixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** The fields of a segment a user sees through source lines. */
function lines(segment: TemplateSegment | undefined): Partial<TemplateSegment> {
  if (!segment) return {};
  const { startLine, separatorLine, firstContentLine, kindLine, produces, inRange, conditional } =
    segment;
  return { startLine, separatorLine, firstContentLine, kindLine, produces, inRange, conditional };
}

describe('indexTemplate: one document', () => {
  it('finds the kind line of a single document', () => {
    const index = indexTemplate(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "x.fullname" . }}\ndata:\n  a: b\n',
    );
    expect(index.segments).toHaveLength(1);
    expect(lines(index.segments[0])).toEqual({
      startLine: 1,
      separatorLine: undefined,
      firstContentLine: 1,
      kindLine: 2,
      produces: 'yes',
      inRange: false,
      conditional: false,
    });
  });

  it('starts a document wrapped in {{- if }} at line 1 and finds its kind on line 3', () => {
    const index = indexTemplate(fixture('shop-chart/templates/deployment.yaml'));
    expect(index.segments).toHaveLength(1);
    expect(lines(index.segments[0])).toEqual({
      startLine: 1,
      separatorLine: undefined,
      firstContentLine: 2,
      kindLine: 3,
      produces: 'yes',
      inRange: false,
      conditional: true,
    });
  });

  it('reads kind, apiVersion and metadata.name as patterns over rendered values', () => {
    const segment = indexTemplate(fixture('shop-chart/templates/deployment.yaml')).segments[0];
    expect(segment?.kind && matchesPattern(segment.kind, 'Deployment')).toBe(true);
    expect(segment?.kind && matchesPattern(segment.kind, 'StatefulSet')).toBe(false);
    expect(segment?.apiVersion && matchesPattern(segment.apiVersion, 'apps/v1')).toBe(true);
    expect(segment?.name && matchesPattern(segment.name, 'anything-at-all')).toBe(true);
  });

  it('takes metadata.name, not a deeper name or a label called name', () => {
    const text = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  labels:',
      '    name: not-me',
      '  name: {{ include "x.fullname" . }}-view # the read-only role',
      'rules: []',
    ].join('\n');
    const segment = indexTemplate(text).segments[0];
    expect(segment?.name && matchesPattern(segment.name, 'shop-view')).toBe(true);
    expect(segment?.name && matchesPattern(segment.name, 'shop')).toBe(false);
    expect(segment?.name && matchesPattern(segment.name, 'not-me')).toBe(false);
  });

  it.each([
    ['a BOM', '\uFEFFapiVersion: v1\nkind: ConfigMap\n', 2],
    ['CRLF line ends', 'apiVersion: v1\r\nkind: ConfigMap\r\n', 2],
    [
      'a nested kind before the top-level one',
      'apiVersion: v1\nitems:\n  - kind: Secret\nkind: List\n',
      4,
    ],
  ])('finds the kind line with %s', (_label, text, kindLine) => {
    expect(indexTemplate(text).segments[0]?.kindLine).toBe(kindLine);
  });
});

describe('indexTemplate: several documents', () => {
  it('splits at --- and starts each document after its separator', () => {
    const index = indexTemplate(fixture('shop-chart/templates/rbac.yaml'));
    expect(index.segments.map(lines)).toEqual([
      {
        startLine: 1,
        separatorLine: undefined,
        firstContentLine: 1,
        kindLine: 2,
        produces: 'yes',
        inRange: false,
        conditional: false,
      },
      {
        startLine: 10,
        separatorLine: 9,
        firstContentLine: 11,
        kindLine: 12,
        produces: 'yes',
        inRange: false,
        conditional: true,
      },
      {
        startLine: 21,
        separatorLine: 20,
        firstContentLine: 21,
        kindLine: 22,
        produces: 'yes',
        inRange: false,
        conditional: false,
      },
    ]);
  });

  it('keeps an empty first document for a file that starts with ---', () => {
    const index = indexTemplate(
      '---\napiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\n',
    );
    expect(
      index.segments.map((s) => [s.startLine, s.separatorLine, s.kindLine, s.produces]),
    ).toEqual([
      [1, undefined, undefined, 'no'],
      [2, 1, 3, 'yes'],
      [5, 4, 6, 'yes'],
    ]);
  });

  it('marks a document inside {{- range }} with --- inside the loop', () => {
    const text = [
      '{{- range .Values.jobs }}',
      '---',
      'apiVersion: batch/v1',
      'kind: Job',
      'metadata:',
      '  name: {{ .name }}',
      '{{- end }}',
    ].join('\n');
    expect(indexTemplate(text).segments.map(lines)).toEqual([
      {
        startLine: 1,
        separatorLine: undefined,
        firstContentLine: undefined,
        kindLine: undefined,
        produces: 'no',
        inRange: false,
        conditional: false,
      },
      {
        startLine: 3,
        separatorLine: 2,
        firstContentLine: 3,
        kindLine: 4,
        produces: 'yes',
        inRange: true,
        conditional: false,
      },
    ]);
  });

  it('ignores --- and kind: inside a multi-line template comment', () => {
    const text = [
      '{{- /* comment',
      '---',
      'kind: NotAnObject',
      ' spanning */ -}}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
    ].join('\n');
    const index = indexTemplate(text);
    expect(index.segments.map(lines)).toEqual([
      {
        startLine: 1,
        separatorLine: undefined,
        firstContentLine: 5,
        kindLine: 6,
        produces: 'yes',
        inRange: false,
        conditional: false,
      },
    ]);
  });

  it('ignores --- inside a multi-line action with arguments', () => {
    const text = [
      '{{- $banner := printf "%s" `',
      '---',
      '` }}',
      'apiVersion: v1',
      'kind: ConfigMap',
    ].join('\n');
    expect(indexTemplate(text).segments.map((s) => s.kindLine)).toEqual([5]);
  });

  it.each([
    ['include', '{{ include "shop.extraObjects" . }}'],
    ['toYaml', '{{- toYaml .Values.extra | nindent 0 }}'],
    ['tpl', '{{ tpl .Values.raw . }}'],
    ['a bare value', '{{ .Values.rawManifest }}'],
    ['.Files.Get', '{{ .Files.Get "files/extra.yaml" }}'],
  ])('says a document that only calls %s may produce an object', (_label, action) => {
    const segment = indexTemplate(`apiVersion: v1\nkind: ConfigMap\n---\n${action}\n`).segments[1];
    expect(lines(segment)).toMatchObject({
      startLine: 4,
      separatorLine: 3,
      firstContentLine: undefined,
      kindLine: undefined,
      produces: 'maybe',
    });
  });

  it.each([
    ['comments', '# nothing here\n# really'],
    ['template comments', '{{/* disabled */}}'],
    ['an empty conditional', '{{- if .Values.y }}\n{{- end }}'],
    ['blank lines', '\n\n'],
  ])('says a document of only %s produces nothing', (_label, body) => {
    const segment = indexTemplate(
      `apiVersion: v1\nkind: ConfigMap\n---\n${body}\n---\napiVersion: v1\nkind: Secret\n`,
    ).segments[1];
    expect(segment?.produces).toBe('no');
    expect(segment?.kindLine).toBeUndefined();
  });
});
