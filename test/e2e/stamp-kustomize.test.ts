import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempGitRepo, runTrailmark } from '@trailmark/testing';
import type { Records } from './helpers.js';

// kustomize build with `buildMetadata: [originAnnotations]` writes config.kubernetes.io/origin on
// every resource; paths are relative to the kustomization being built.
const BASE_DEPLOYMENT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const BASE_SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: v1
kind: Service
metadata:
  name: web-admin
`;
const BUILT = `apiVersion: v1
kind: Service
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../base/services.yaml
  name: prod-web-admin
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../base/deployment.yaml
  name: prod-web
spec:
  template:
    spec:
      containers:
      - image: nginx:1.27
        name: web
---
apiVersion: v1
kind: ConfigMap
metadata:
  annotations:
    config.kubernetes.io/origin: |
      path: ../../base/kustomization.yaml
      repo: https://github.com/acme/remote-base
      ref: v1.0.0
  name: prod-remote
`;

describe('stamp on kustomize output', () => {
  it('maps origin annotations to the resource file and kind line, keeping them', async () => {
    const author = { name: 'Kim', email: 'kim@example.org' };
    const repo = await createTempGitRepo({
      commits: [
        {
          author,
          message: 'base',
          files: {
            'base/deployment.yaml': BASE_DEPLOYMENT,
            'base/services.yaml': BASE_SERVICES,
            CODEOWNERS: '/base/ @acme/web\n',
          },
        },
      ],
    });
    try {
      const run = await runTrailmark(
        ['stamp', '--kustomize-root', 'overlays/prod', '--origin-out', 'o.json'],
        { cwd: repo.path, input: BUILT },
      );
      expect(run.code, run.stderr).toBe(0);
      const { objects } = JSON.parse(readFileSync(join(repo.path, 'o.json'), 'utf8')) as Records;
      // The overlay's namePrefix changed the names: prod-web-admin is the second Service of the
      // file (web-admin, the longest name it contains), not the first (web).
      expect(
        objects.map((o) => [o.name, o.source?.path, o.source?.line, o.owners, o.introducer?.email]),
      ).toEqual([
        ['prod-web-admin', 'base/services.yaml', 7, ['@acme/web'], 'kim@example.org'],
        ['prod-web', 'base/deployment.yaml', 3, ['@acme/web'], 'kim@example.org'],
        ['prod-remote', undefined, undefined, [], undefined],
      ]);
      expect(run.stderr).toMatch(
        /kustomize origin is a remote repository \(https:\/\/github.com\/acme\/remote-base\)/,
      );
      expect(run.stdout.match(/config\.kubernetes\.io\/origin: \|/g)).toHaveLength(3);
    } finally {
      await repo.cleanup();
    }
  });
});
