import { describe, expect, it } from 'vitest';
import type { ChartNode } from '../src/chart-tree.js';
import { collectHints } from '../src/hints.js';
import { locateObjects } from '../src/locate.js';
import { parseManifestStream } from '../src/stream.js';
import { evaluateCondition } from '../src/template-condition.js';
import { parseValuesFile } from '../src/values.js';

const CHART: ChartNode = {
  kind: 'chart',
  name: 'app',
  version: '1.0.0',
  dir: 'app',
  children: new Map(),
};

const RBAC = `{{- if eq .Values.mode "cluster" }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Release.Name }}-reader
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list]
{{- else }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Release.Name }}-reader
rules:
  - apiGroups: [apps]
    resources: [deployments]
    verbs: [get]
{{- end }}
`;

function role(resource: string, name = 'r-reader'): string {
  return `---\n# Source: app/templates/rbac.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\nrules:\n  - apiGroups: [""]\n    resources: [${resource}]\n    verbs: [get]\n`;
}

function locate(stream: string, files: Record<string, string>, values?: string) {
  const streams = [parseManifestStream(stream, 'out.yaml')];
  const chartValues = new Map(
    values === undefined ? [] : [['app', parseValuesFile(values, 'app/values.yaml')]],
  );
  return locateObjects({
    objects: collectHints(streams),
    streamPaths: ['out.yaml'],
    chart: CHART,
    kustomizeRoot: '',
    files: new Map(Object.entries(files)),
    streams,
    values: { chart: chartValues, user: [] },
  }).map((location) => location.source);
}

describe('choosing between an if and its else', () => {
  it('takes the branch whose literal lines the body holds, whatever their order', () => {
    const [source] = locate(role('deployments'), { 'app/templates/rbac.yaml': RBAC });
    expect(source).toMatchObject({ path: 'app/templates/rbac.yaml', line: 12, match: 'content' });
    const [first] = locate(role('pods'), { 'app/templates/rbac.yaml': RBAC });
    expect(first).toMatchObject({ line: 3, match: 'content' });
  });

  it('lets the values break a tie that content leaves', () => {
    const tie = role('secrets');
    expect(locate(tie, { 'app/templates/rbac.yaml': RBAC }, 'mode: cluster\n')[0]?.line).toBe(3);
    expect(locate(tie, { 'app/templates/rbac.yaml': RBAC }, 'mode: namespace\n')[0]?.line).toBe(12);
  });

  it('takes the only document of a renamed object’s kind, and falls back to a first line with a warning', () => {
    const one = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n';
    const stream = `# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: renamed-5g7h8k9m2t\n---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n`;
    const [config, secret] = locate(stream, { 'app/templates/cm.yaml': one });
    expect(config).toMatchObject({ line: 2, match: 'single-site' });
    expect(secret).toMatchObject({ path: 'app/templates/cm.yaml', line: 1, match: 'first-line' });
  });
});

describe('included files', () => {
  const CRD = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.org\nspec:\n  group: example.org\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced\n`;
  const TEMPLATE = `{{- range $path, $_ := .Files.Glob "crds/*.yaml" }}\n---\n{{ $.Files.Get $path }}\n{{- end }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\ndata:\n  crd.yaml: |-\n{{ .Files.Get "crds/widgets.yaml" | indent 4 }}\n`;

  it('gives a document that is an included file that file’s kind line, via the including line', () => {
    const stream = `# Source: app/templates/crds.yaml\n${CRD}---\n# Source: app/templates/crds.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dash\ndata:\n  crd.yaml: |-\n${CRD.split(
      '\n',
    )
      .map((line) => `    ${line}`)
      .join('\n')}\n`;
    const streams = [parseManifestStream(stream, 'out.yaml')];
    const [crd, configMap] = locateObjects({
      objects: collectHints(streams),
      streamPaths: ['out.yaml'],
      chart: CHART,
      kustomizeRoot: '',
      files: new Map([
        ['app/templates/crds.yaml', TEMPLATE],
        ['app/crds/widgets.yaml', CRD],
      ]),
      chartFiles: ['app/crds/widgets.yaml'],
      streams,
    }).map((location) => location.source);
    expect(crd).toEqual({
      path: 'app/crds/widgets.yaml',
      line: 2,
      origin: 'chart',
      match: 'included-file',
      via: { path: 'app/templates/crds.yaml', line: 1 },
    });
    // Only part of the ConfigMap is the file: the template line stays its source.
    expect(configMap).toMatchObject({ path: 'app/templates/crds.yaml', line: 7, match: 'name' });
  });
});

describe('evaluateCondition', () => {
  const values = parseValuesFile('a:\n  on: true\n  mode: x\nempty: {}\n', 'v.yaml');
  const lookup = (keys: readonly string[]) =>
    values.leaves.find((leaf) => leaf.keys.join('.') === keys.join('.'))?.value ??
    (values.leaves.some((leaf) => leaf.keys.join('.').startsWith(`${keys.join('.')}.`))
      ? 'map'
      : undefined);
  it.each([
    ['.Values.a.on', true],
    ['not .Values.a.on', false],
    ['and .Values.a.on (eq .Values.a.mode "x")', true],
    ['or .Values.missing (ne .Values.a.mode "x")', false],
    ['.Values.empty', false],
    ['.Values.a', true],
    ['semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version', undefined],
    ['.Values.a.mode | eq "x"', undefined],
  ])('%s → %s', (condition, expected) => {
    expect(evaluateCondition(condition, lookup)).toBe(expected);
  });
});
