import { readFileSync } from 'node:fs';
import type { SecretVia } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import { findImageLine, findSecretLine, findServiceAccountLine } from '../src/ref-lines.js';
import { indexTemplate, type TemplateIndex, type TemplateSegment } from '../src/template.js';

const FIXTURES = new URL('./fixtures/unit/', import.meta.url);

function firstSegment(text: string): { index: TemplateIndex; segment: TemplateSegment } {
  const index = indexTemplate(text);
  const segment = index.segments.find((candidate) => candidate.kindLine !== undefined);
  if (!segment) throw new Error('template has no object');
  return { index, segment };
}

const DEPLOYMENT = firstSegment(
  readFileSync(new URL('shop-chart/templates/deployment.yaml', FIXTURES), 'utf8'),
);

const VIA_YAML = [
  'apiVersion: v1', // 1
  'kind: Pod', // 2
  'metadata:', // 3
  '  name: p', // 4
  'spec:', // 5
  '  serviceAccountName: fixed', // 6
  '  imagePullSecrets:', // 7
  '    {{- toYaml .Values.imagePullSecrets | nindent 4 }}', // 8
  '  containers:', // 9
  '    - name: app', // 10
  '      image: nginx', // 11
  '      env:', // 12
  '        - name: TOKEN', // 13
  '          valueFrom:', // 14
  '            secretKeyRef:', // 15
  '              {{- toYaml .Values.tokenRef | nindent 14 }}', // 16
  '      envFrom:', // 17
  '        - secretRef:', // 18
  '            {{- toYaml .Values.envSecret | nindent 12 }}', // 19
  '  volumes:', // 20
  '    - name: certs', // 21
  '      secret:', // 22
  '        secretName: {{ .Values.certs }}', // 23
  '',
].join('\n');
const TO_YAML = firstSegment(VIA_YAML);

describe('findSecretLine', () => {
  it.each<[string, SecretVia, number]>([
    ['shop-db-credentials', 'env', 29],
    ['shop-env', 'envFrom', 33],
    ['shop-tls', 'volume', 41],
    ['shop-projected', 'projected', 46],
    ['regcred', 'imagePullSecrets', 21],
    ['ghcr-pull', 'imagePullSecrets', 20],
  ])('finds the name line of %s via %s', (name, via, line) => {
    expect(findSecretLine(DEPLOYMENT.index, DEPLOYMENT.segment, name, via)).toEqual({
      line,
      exact: true,
    });
  });

  it('chooses the most literal name that can render to the Secret', () => {
    const { index, segment } = firstSegment(
      [
        'apiVersion: v1',
        'kind: Pod',
        'spec:',
        '  containers:',
        '    - name: a',
        '      env:',
        '        - name: ANY',
        '          valueFrom:',
        '            secretKeyRef:',
        '              name: {{ .Values.anySecret }}',
        '        - name: DB',
        '          valueFrom:',
        '            secretKeyRef:',
        '              name: {{ .Release.Name }}-db',
        '',
      ].join('\n'),
    );
    expect(findSecretLine(index, segment, 'shop-db', 'env')).toEqual({ line: 14, exact: true });
    expect(findSecretLine(index, segment, 'shop-other', 'env')).toEqual({ line: 10, exact: true });
  });

  it.each<[SecretVia, number]>([
    ['env', 15],
    ['envFrom', 18],
    ['imagePullSecrets', 7],
  ])('returns the %s key line, not exact, when the name comes from toYaml', (via, line) => {
    expect(findSecretLine(TO_YAML.index, TO_YAML.segment, 'from-values', via)).toEqual({
      line,
      exact: false,
    });
  });

  it('returns the secretName line, not exact, when its template cannot render the name', () => {
    const { index, segment } = firstSegment(
      'apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - name: v\n      secret:\n        secretName: {{ .Release.Name }}-tls\n',
    );
    expect(findSecretLine(index, segment, 'other', 'volume')).toEqual({ line: 7, exact: false });
  });

  it.each<SecretVia>(['env', 'envFrom', 'volume', 'projected', 'imagePullSecrets'])(
    'returns undefined for %s when the document references no Secret',
    (via) => {
      const { index, segment } = firstSegment(
        'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: nginx\n',
      );
      expect(findSecretLine(index, segment, 'x', via)).toBeUndefined();
    },
  );

  it('looks only inside the object’s own document', () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: regcred',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'spec:',
      '  imagePullSecrets:',
      '    - name: regcred',
      '',
    ].join('\n');
    const index = indexTemplate(text);
    expect(
      findSecretLine(index, index.segments[0]!, 'regcred', 'imagePullSecrets'),
    ).toBeUndefined();
    expect(findSecretLine(index, index.segments[1]!, 'regcred', 'imagePullSecrets')).toEqual({
      line: 10,
      exact: true,
    });
  });
});

describe('findServiceAccountLine', () => {
  it('finds a templated serviceAccountName line', () => {
    expect(findServiceAccountLine(DEPLOYMENT.index, DEPLOYMENT.segment, 'shop-web')).toEqual({
      line: 18,
      exact: true,
    });
  });

  it('returns the line, not exact, when the literal name differs', () => {
    expect(findServiceAccountLine(TO_YAML.index, TO_YAML.segment, 'fixed')).toEqual({
      line: 6,
      exact: true,
    });
    expect(findServiceAccountLine(TO_YAML.index, TO_YAML.segment, 'other')).toEqual({
      line: 6,
      exact: false,
    });
  });

  it('also reads the deprecated serviceAccount key', () => {
    const { index, segment } = firstSegment(
      'apiVersion: v1\nkind: Pod\nspec:\n  serviceAccount: legacy\n',
    );
    expect(findServiceAccountLine(index, segment, 'legacy')).toEqual({ line: 4, exact: true });
  });

  it('returns undefined without a service account line', () => {
    const { index, segment } = firstSegment('apiVersion: v1\nkind: Pod\nspec: {}\n');
    expect(findServiceAccountLine(index, segment, 'default')).toBeUndefined();
  });
});

describe('findImageLine', () => {
  it('finds the image line whose template can render the image', () => {
    expect(
      findImageLine(DEPLOYMENT.index, DEPLOYMENT.segment, 'ghcr.io/acme/shop-web:2.3.1'),
    ).toEqual({ line: 24, exact: true });
  });

  it('finds a literal image', () => {
    expect(findImageLine(TO_YAML.index, TO_YAML.segment, 'nginx')).toEqual({
      line: 11,
      exact: true,
    });
    expect(findImageLine(TO_YAML.index, TO_YAML.segment, 'nginx:1.25')).toEqual({
      line: 11,
      exact: false,
    });
  });
});
