import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments, parseDocument, isMap, isScalar } from 'yaml';
import { REPO_ROOT, createTempGitRepo, runTrailmark } from '@trailmark/testing';
import type { Records } from './helpers.js';

/** A Kubernetes object as the deploy tests read it (only the fields they look at). */
export interface DeployObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string; namespace?: string }[];
  data?: Record<string, string>;
}

/** The manifest files `kustomization.yaml` in `dir` lists, in its order. */
export function kustomizationResources(dir: string): string[] {
  const text = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
  return (parseDocument(text).toJS() as { resources: string[] }).resources;
}

/** Each document of a YAML text with the 1-based line of its `kind:` key; throws on a parse error. */
export function documentsWithKindLines(text: string): { object: DeployObject; kindLine: number }[] {
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(documents)) throw new Error('not a YAML stream');
  return documents.map((document) => {
    if (document.errors.length > 0) throw new Error(document.errors[0]?.message);
    const root = document.contents;
    const kind = isMap(root)
      ? root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'kind')
      : undefined;
    const offset = isScalar(kind?.key) ? kind.key.range[0] : -1;
    if (offset < 0) throw new Error('a document without kind');
    return { object: document.toJS() as DeployObject, kindLine: lines.linePos(offset).line };
  });
}

/** True when `labels` carry every pair of `selector`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const pairs = Object.entries(selector);
  return pairs.length > 0 && pairs.every(([key, value]) => labels[key] === value);
}

/** The pod template of a Deployment. */
export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    serviceAccountName: string;
    securityContext: Record<string, unknown>;
    containers: {
      name: string;
      env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
      securityContext: Record<string, unknown>;
      resources: { requests?: Record<string, string>; limits?: Record<string, string> };
      livenessProbe?: { httpGet?: { path: string } };
      readinessProbe?: { httpGet?: { path: string } };
      volumeMounts?: { name: string; mountPath: string }[];
    }[];
    volumes?: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
  };
}

/** Every string in a value, with the path that leads to it (`spec.template.…`). */
export function stringsIn(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      stringsIn(item, path === '' ? key : `${path}.${key}`),
    );
  return [];
}

/** One stamped manifest file: its name in deploy/serve and its documents. */
export interface StampedFile {
  file: string;
  documents: { object: DeployObject; kindLine: number }[];
}

/**
 * Copies deploy/serve into a fresh git repository (with a CODEOWNERS giving deploy/ to
 * @acme/platform), runs the built `trailmark stamp` on the files kustomization.yaml lists and
 * returns the stamped files, their origin records and the original files' kind lines.
 */
export async function stampServeManifests(): Promise<{
  stamped: StampedFile[];
  original: StampedFile[];
  records: Records;
}> {
  const dir = join(REPO_ROOT, 'deploy/serve');
  const files = kustomizationResources(dir);
  const tree: Record<string, string> = { CODEOWNERS: '/deploy/ @acme/platform\n' };
  for (const file of [...files, 'kustomization.yaml'])
    tree[`deploy/serve/${file}`] = readFileSync(join(dir, file), 'utf8');
  const author = { name: 'Pat Ops', email: 'pat@acme.example' };
  const repo = await createTempGitRepo({ commits: [{ author, message: 'serve', files: tree }] });
  try {
    const run = await runTrailmark(
      [
        'stamp',
        ...files.map((file) => `deploy/serve/${file}`),
        '-o',
        'out',
        '--origin-out',
        'origin.json',
      ],
      { cwd: repo.path },
    );
    if (run.code !== 0) throw new Error(`stamp exited ${run.code}: ${run.stderr}`);
    const read = (path: string): StampedFile[] =>
      files.map((file) => ({
        file,
        documents: documentsWithKindLines(readFileSync(join(repo.path, path, file), 'utf8')),
      }));
    const records = JSON.parse(readFileSync(join(repo.path, 'origin.json'), 'utf8')) as Records;
    return { stamped: read('out'), original: read('deploy/serve'), records };
  } finally {
    await repo.cleanup();
  }
}
