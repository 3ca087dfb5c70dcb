import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@trailmark/testing';
import { RESOURCES } from '@trailmark/kube';

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const documents = parseAllDocuments(
  readFileSync(join(REPO_ROOT, 'deploy/clusterrole.yaml'), 'utf8'),
).map(
  (document) =>
    document.toJS() as {
      kind: string;
      rules?: Rule[];
      roleRef?: { name: string };
      subjects?: unknown[];
    },
);
const role = documents.find((document) => document.kind === 'ClusterRole');
const grants = (role?.rules ?? []).flatMap((rule) =>
  rule.apiGroups.flatMap((group) =>
    rule.resources.map((resource) => ({ group, resource, verbs: rule.verbs })),
  ),
);

describe('deploy/clusterrole.yaml', () => {
  it('grants list on exactly the resources the reader lists, and nothing else', () => {
    const listed = RESOURCES.map(
      (info) =>
        `${info.apiVersion.includes('/') ? (info.apiVersion.split('/')[0] ?? '') : ''}/${info.resource}`,
    );
    expect(grants.map((grant) => `${grant.group}/${grant.resource}`).sort()).toEqual(
      [...listed].sort(),
    );
    for (const grant of grants) expect(grant.verbs).toContain('list');
  });

  it('is read-only, and Secrets have no watch', () => {
    for (const grant of grants)
      expect(grant.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb))).toBe(true);
    expect(grants.find((grant) => grant.resource === 'secrets')?.verbs).toEqual(['get', 'list']);
  });

  it('is bound to the trailmark-reader service account', () => {
    const binding = documents.find((document) => document.kind === 'ClusterRoleBinding');
    expect(binding?.roleRef?.name).toBe('trailmark-reader');
    expect(binding?.subjects).toEqual([
      { kind: 'ServiceAccount', name: 'trailmark-reader', namespace: 'trailmark' },
    ]);
  });
});
