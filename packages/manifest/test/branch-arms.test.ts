import { describe, expect, it } from 'vitest';
import type { ChartNode } from '../src/chart-tree.js';
import { collectHints } from '../src/hints.js';
import { locateObjects } from '../src/locate.js';
import { parseManifestStream } from '../src/stream.js';
import { indexTemplate } from '../src/template.js';
import { parseValuesFile } from '../src/values.js';

const CHART: ChartNode = {
  kind: 'chart',
  name: 'app',
  version: '1.0.0',
  dir: 'app',
  children: new Map(),
};

/** Stream documents of one template file, each with its `# Source:` comment. */
function stream(path: string, ...documents: string[]): string {
  return documents.map((body) => `---\n# Source: app/templates/${path}\n${body}`).join('');
}

function locate(
  text: string,
  files: Record<string, string>,
  values?: { chart?: string; user?: string },
) {
  const streams = [parseManifestStream(text, 'out.yaml')];
  const chart =
    values?.chart === undefined ? [] : [parseValuesFile(values.chart, 'app/values.yaml')];
  const user = values?.user === undefined ? [] : [parseValuesFile(values.user, 'prod.yaml')];
  return locateObjects({
    objects: collectHints(streams),
    streamPaths: ['out.yaml'],
    chart: CHART,
    kustomizeRoot: '',
    files: new Map(Object.entries(files)),
    streams,
    // Without values stamp knows none: not even that the chart's defaults leave a key unset.
    values: values && { chart: new Map(chart.map((file) => ['app', file])), user },
  }).map((location) => location.source);
}

// Both arms hold a Role and a RoleBinding; the bindings are the same text, the roles differ.
const ARCHIVER = `{{- if eq .Values.store "sql" }}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: archiver
rules:
  - apiGroups: [""]
    resources: [secrets]
    verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: archiver
roleRef:
  kind: Role
  name: archiver
subjects:
  - kind: ServiceAccount
    name: archiver
---
{{- else }}
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: archiver
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: archiver
roleRef:
  kind: Role
  name: archiver
subjects:
  - kind: ServiceAccount
    name: archiver
{{- end }}
`;

const ROLE = (resource: string, verbs: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: archiver\nrules:\n  - apiGroups: [""]\n    resources: [${resource}]\n    verbs: [${verbs}]\n`;
const BINDING =
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: archiver\nroleRef:\n  kind: Role\n  name: archiver\nsubjects:\n  - kind: ServiceAccount\n    name: archiver\n';
const FILES = { 'app/templates/archiver.yaml': ARCHIVER };

describe('documents with identical text in an if and its else', () => {
  it('follows the arm the file’s other objects took by content, over the chart’s default values', () => {
    // The release was rendered with store=sql (say by --set), which stamp cannot know: the chart's
    // default points at the else arm, yet the Role's rules show the if arm was taken.
    const sql = stream('archiver.yaml', ROLE('secrets', 'get'), BINDING);
    expect(locate(sql, FILES, { chart: 'store: kv\n' }).map((s) => s?.line)).toEqual([3, 12]);
    const kv = stream('archiver.yaml', ROLE('configmaps', 'get, watch'), BINDING);
    expect(locate(kv, FILES, { chart: 'store: sql\n' }).map((s) => s?.line)).toEqual([24, 33]);
    expect(locate(kv, FILES)[1]).toMatchObject({ line: 33, match: 'content' });
  });

  it('lets the values decide when no other object of the file tells the arm', () => {
    const alone = stream('archiver.yaml', BINDING);
    expect(locate(alone, FILES, { chart: 'store: kv\n' })[0]?.line).toBe(33);
    expect(locate(alone, FILES, { chart: 'store: kv\n', user: 'store: sql\n' })[0]?.line).toBe(12);
  });

  it('takes the earlier document when neither content, other objects nor values tell', () => {
    // (With values known, an unset `.Values.store` is nil and `eq` fails: the else arm.)
    expect(locate(stream('archiver.yaml', BINDING), FILES, {})[0]?.line).toBe(33);
    expect(locate(stream('archiver.yaml', BINDING), FILES)[0]).toMatchObject({
      line: 12,
      match: 'content',
    });
  });
});

// The if arm's last document and the else arm's only one share a template document: no `---`.
const MESH = `{{- if .Values.mesh.enabled }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: mesh-agent
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: mesh-binding
roleRef:
  kind: ClusterRole
  name: agent
subjects:
  - kind: ServiceAccount
    name: mesh-agent
{{- else }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent
roleRef:
  kind: ClusterRole
  name: agent
subjects:
  - kind: ServiceAccount
    name: agent
{{- end }}
`;

const BIND = (name: string, subject: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef:\n  kind: ClusterRole\n  name: agent\nsubjects:\n  - kind: ServiceAccount\n    name: ${subject}\n`;

describe('an if and its else in one document (no --- between them)', () => {
  it('gives each arm’s kind line the name that renders with it', () => {
    const [, shared] = indexTemplate(MESH).segments;
    expect(shared?.kinds.map((kind) => [kind.line, kind.name?.regex.test('mesh-binding')])).toEqual(
      [
        [8, true],
        [19, false],
      ],
    );
  });

  it('maps each arm’s object to its own kind line, whatever the values say', () => {
    const files = { 'app/templates/mesh.yaml': MESH };
    const on = stream(
      'mesh.yaml',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: mesh-agent\n',
      BIND('mesh-binding', 'mesh-agent'),
    );
    // Every literal line of the else arm is in the if arm's binding (roleRef names `agent` too).
    const sources = locate(on, files, { chart: 'mesh:\n  enabled: false\n' });
    expect(sources.map((s) => [s?.line, s?.match])).toEqual([
      [3, 'name'],
      [8, 'name'],
    ]);
    const off = stream('mesh.yaml', BIND('agent', 'agent'));
    expect(locate(off, files, { chart: 'mesh:\n  enabled: true\n' })[0]).toMatchObject({
      line: 19,
      match: 'name',
    });
  });
});

describe('a chart file two include sites name', () => {
  const TEMPLATE = `{{- if .Values.v2 }}
{{- range $path, $_ := .Files.Glob "crds-v2/*" }}
{{ $.Files.Get $path }}
---
{{- end }}
{{- range $path, $_ := .Files.Glob "crds/shared-*" }}
{{ $.Files.Get $path }}
---
{{- end }}
{{- else }}
{{- range $path, $_ := .Files.Glob "crds/*" }}
{{ $.Files.Get $path }}
---
{{- end }}
{{- end }}
`;
  const crd = (plural: string) =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${plural}.example.org\nspec:\n  group: example.org\n  names:\n    kind: Thing\n    plural: ${plural}\n  scope: Namespaced\n`;

  it('is included by the site in the arm the files only one site includes came from', () => {
    const text = stream('crds.yaml', crd('gadgets'), crd('widgets'));
    const streams = [parseManifestStream(text, 'out.yaml')];
    const chartFiles = ['app/crds-v2/gadgets.yaml', 'app/crds/shared-widgets.yaml'];
    const sources = locateObjects({
      objects: collectHints(streams),
      streamPaths: ['out.yaml'],
      chart: CHART,
      kustomizeRoot: '',
      files: new Map([
        ['app/templates/crds.yaml', TEMPLATE],
        ['app/crds-v2/gadgets.yaml', crd('gadgets')],
        ['app/crds/shared-widgets.yaml', crd('widgets')],
      ]),
      chartFiles,
      streams,
      // The chart's default says v1, but gadgets exist only in the v2 arm.
      values: {
        chart: new Map([['app', parseValuesFile('v2: false\n', 'app/values.yaml')]]),
        user: [],
      },
    }).map((location) => location.source);
    expect(sources.map((s) => [s?.path, s?.via?.line])).toEqual([
      ['app/crds-v2/gadgets.yaml', 2],
      ['app/crds/shared-widgets.yaml', 6],
    ]);
  });
});
