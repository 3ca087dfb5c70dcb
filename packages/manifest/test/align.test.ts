import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignToSegments, scoreSegment } from '../src/align.js';
import type { ObjectHead } from '../src/stream.js';
import { indexTemplate, kindLineFor } from '../src/template.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);
const RBAC = 'rbac.authorization.k8s.io/v1';

function head(kind: string, name: string, apiVersion = 'v1'): ObjectHead {
  return { apiVersion, kind, name, namespace: undefined };
}

/** The source line each object gets: its document's kind line (or first line), undefined when none fits. */
function sourceLines(template: string, objects: readonly ObjectHead[]): (number | undefined)[] {
  const { segments } = indexTemplate(template);
  return alignToSegments(objects, segments).map((i, k) => {
    const segment = i === undefined ? undefined : segments[i];
    return segment
      ? (kindLineFor(segment, objects[k]?.kind ?? '') ?? segment.startLine)
      : undefined;
  });
}

const ROLES = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  name: {{ include "x.fullname" . }}-view',
  'rules: []',
  '---',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  name: {{ include "x.fullname" . }}',
  'rules: []',
].join('\n');

describe('alignToSegments', () => {
  it('maps every object of a loop to the one document inside the range', () => {
    const template =
      '{{- range .Values.queues }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: q-{{ . }}\n{{- end }}\n';
    expect(
      sourceLines(template, [
        head('ConfigMap', 'q-a'),
        head('ConfigMap', 'q-b'),
        head('ConfigMap', 'q-c'),
      ]),
    ).toEqual([4, 4, 4]);
  });

  describe('a conditional middle document', () => {
    const template = [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      '---',
      '{{- if .Values.rbac }}',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
      '{{- end }}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
    ].join('\n');

    it('maps all three objects when it is enabled', () => {
      expect(
        sourceLines(template, [
          head('ServiceAccount', 'shop'),
          head('Role', 'shop', RBAC),
          head('Service', 'shop'),
        ]),
      ).toEqual([2, 8, 14]);
    });

    it('skips it when it is disabled', () => {
      expect(
        sourceLines(template, [head('ServiceAccount', 'shop'), head('Service', 'shop')]),
      ).toEqual([2, 14]);
    });
  });

  it.each([
    [
      'both roles',
      [head('ClusterRole', 'shop-view', RBAC), head('ClusterRole', 'shop', RBAC)],
      [2, 8],
    ],
    ['only the plain role', [head('ClusterRole', 'shop', RBAC)], [8]],
    ['only the -view role', [head('ClusterRole', 'shop-view', RBAC)], [2]],
  ])(
    'lets the name pattern decide between two documents of one kind: %s',
    (_label, objects, expected) => {
      expect(sourceLines(ROLES, objects)).toEqual(expected);
    },
  );

  it('maps a range that spans two documents (A, B, A, B)', () => {
    const template = [
      '{{- range .Values.tenants }}',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: {{ . }}',
      '---',
      'apiVersion: v1',
      'kind: ResourceQuota',
      'metadata:',
      '  name: {{ . }}-quota',
      '  namespace: {{ . }}',
      '{{- end }}',
    ].join('\n');
    const objects = [
      head('Namespace', 'a'),
      head('ResourceQuota', 'a-quota'),
      head('Namespace', 'b'),
      head('ResourceQuota', 'b-quota'),
    ];
    expect(sourceLines(template, objects)).toEqual([4, 9, 4, 9]);
  });

  it('maps the rendered objects of the rbac fixture, with its conditional role disabled', () => {
    const template = readFileSync(new URL('shop-chart/templates/rbac.yaml', FIXTURES), 'utf8');
    expect(
      sourceLines(template, [
        head('ClusterRole', 'shop-view', RBAC),
        head('ClusterRole', 'shop', RBAC),
      ]),
    ).toEqual([2, 22]);
    expect(
      sourceLines(template, [
        head('ClusterRole', 'shop-view', RBAC),
        head('ClusterRole', 'shop-edit', RBAC),
        head('ClusterRole', 'shop', RBAC),
      ]),
    ).toEqual([2, 12, 22]);
  });

  it('leaves an object that matches nothing undefined, and maps the others', () => {
    expect(sourceLines(ROLES, [head('Secret', 'x')])).toEqual([undefined]);
    expect(
      sourceLines(ROLES, [head('ClusterRole', 'shop-view', RBAC), head('Secret', 'x')]),
    ).toEqual([2, undefined]);
  });

  it('sends objects it cannot place in order to a document that may emit anything (include)', () => {
    const template =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n{{ include "shop.extraObjects" . }}\n';
    expect(
      sourceLines(template, [head('ConfigMap', 'a'), head('Secret', 's'), head('Secret', 't')]),
    ).toEqual([2, 6, 6]);
  });

  it('prefers the apiVersion that matches but does not require it', () => {
    const template = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n';
    expect(sourceLines(template, [head('Ingress', 'web', 'networking.k8s.io/v1beta1')])).toEqual([
      2,
    ]);
  });

  it('returns nothing for no objects and undefined for every object with no documents', () => {
    expect(alignToSegments([], indexTemplate(ROLES).segments)).toEqual([]);
    expect(alignToSegments([head('ConfigMap', 'a')], [])).toEqual([undefined]);
  });

  it('maps an object whose kind is chosen by {{- if }}/{{- else }} lines', () => {
    const template = [
      'apiVersion: apps/v1',
      '{{- if .Values.persistence.enabled }}',
      'kind: StatefulSet',
      '{{- else }}',
      'kind: Deployment',
      '{{- end }}',
      'metadata:',
      '  name: {{ include "x.fullname" . }}',
    ].join('\n');
    expect(sourceLines(template, [head('Deployment', 'shop', 'apps/v1')])).toEqual([5]);
  });

  it('maps an object whose kind is chosen inline by {{ if }}…{{ else }}…{{ end }}', () => {
    const template =
      'apiVersion: apps/v1\nkind: {{ if .Values.persistence.enabled }}StatefulSet{{ else }}Deployment{{ end }}\nmetadata:\n  name: shop\n';
    expect(sourceLines(template, [head('Deployment', 'shop', 'apps/v1')])).toEqual([2]);
  });
});

describe('scoreSegment', () => {
  const [view, plain] = indexTemplate(ROLES).segments;

  it('scores a more literal name higher than a catch-all name', () => {
    const object = head('ClusterRole', 'shop-view', RBAC);
    expect(scoreSegment(object, view!)).toBeGreaterThan(scoreSegment(object, plain!));
  });

  it('rules out a segment whose kind or name contradicts the object', () => {
    expect(scoreSegment(head('Role', 'shop-view', RBAC), view!)).toBeLessThan(0);
    expect(scoreSegment(head('ClusterRole', 'shop', RBAC), view!)).toBeLessThan(0);
  });
});
