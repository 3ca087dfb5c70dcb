// The fleet of bench/verify: 500 services in 25 team namespaces, one image each, with seeded traits
// (init container, secret volume, secret env, envFrom secret, privileged, cluster-admin, hand edits),
// and the plain manifests (ServiceAccount + Deployment per service) committed to a real git
// repository that stamp reads. Everything here is deterministic: same seed, same fleet and files.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SERVICES = 500;
export const TEAMS = 25;
export const REPLICAS = 10;
/** The repository the GitHub Actions identity of the test Sigstore names (its default claims). */
export const REPOSITORY = 'acme/shop';
const SEED = 0x7a11_3a2c;
const AUTHOR = { name: 'Dana Okafor', email: 'dana@acme.example', date: '2025-04-28T09:30:00Z' };

/** mulberry32: a small seeded PRNG, enough to spread traits reproducibly. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Hex sha256 of a string. */
export function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** The 500 services with their image digests and traits, in a fixed order. */
export function fleet() {
  const random = prng(SEED);
  return Array.from({ length: SERVICES }, (_, i) => {
    const name = `svc-${String(i).padStart(3, '0')}`;
    const digest = `sha256:${sha256Hex(`bench image ${name}`)}`;
    return {
      i,
      name,
      namespace: `team-${String(i % TEAMS).padStart(2, '0')}`,
      repo: `ghcr.io/bench/${name}`,
      digest,
      // Traits (probabilities chosen to look like a real fleet).
      init: random() < 0.3,
      secretVolume: random() < 0.4,
      secretEnv: random() < 0.4,
      secretEnvFrom: random() < 0.1,
      privileged: random() < 0.02,
      clusterAdmin: i % 250 === 7, // 2 service accounts bound to cluster-admin by hand
      edited: i % 100 === 42, // 5 Deployments changed with `kubectl edit` after the deploy
      // 1 in 25 images has only SLSA build provenance, no deployment-origin record.
      provenanceOnly: i % 25 === 13,
    };
  });
}

/** Writes the repository (manifests, CODEOWNERS) into `dir`, commits it; returns the commit id. */
export function buildFleetRepo(dir, services) {
  mkdirSync(dir, { recursive: true });
  const files = {
    'README.md':
      '# acme/shop\n\nPlain manifests, one file per team (`deploy/<team>/services.yaml`).\n',
    '.github/CODEOWNERS': codeowners(),
  };
  for (let t = 0; t < TEAMS; t++) {
    const team = services.filter((s) => s.i % TEAMS === t);
    files[`deploy/${team[0].namespace}/services.yaml`] = team.map(serviceManifests).join('');
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const env = {
    GIT_AUTHOR_NAME: AUTHOR.name,
    GIT_AUTHOR_EMAIL: AUTHOR.email,
    GIT_AUTHOR_DATE: AUTHOR.date,
    GIT_COMMITTER_NAME: AUTHOR.name,
    GIT_COMMITTER_EMAIL: AUTHOR.email,
    GIT_COMMITTER_DATE: AUTHOR.date,
  };
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['remote', 'add', 'origin', `https://github.com/${REPOSITORY}.git`]);
  git(dir, ['add', '--all']);
  git(dir, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', 'shop: the fleet'], env);
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

function codeowners() {
  const teams = Array.from(
    { length: TEAMS },
    (_, t) => `/deploy/team-${String(t).padStart(2, '0')}/`.padEnd(28) + `@acme/team-${t}\n`,
  );
  return `# Code owners for acme/shop. The last matching pattern wins.\n*                           @acme/platform\n${teams.join('')}`;
}

/** A ServiceAccount and a Deployment, as a team writes them. */
function serviceManifests(s) {
  const labels = `    app.kubernetes.io/name: ${s.name}\n    app.kubernetes.io/part-of: shop\n`;
  return `---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
  labels:
${labels}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
  labels:
${labels}spec:
  replicas: ${REPLICAS}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: ${s.name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${s.name}
        app.kubernetes.io/part-of: shop
      annotations:
        prometheus.io/scrape: "true"
    spec:
      serviceAccountName: ${s.name}
${s.init ? initContainer(s) : ''}      containers:
${appContainer(s)}${volumes(s)}`;
}

function initContainer(s) {
  return `      initContainers:
        - name: migrate
          image: ${s.repo}@${s.digest}
          args: ["migrate", "--to=latest"]
${s.secretEnv ? `          env:\n${secretEnv(s)}` : ''}`;
}

function appContainer(s) {
  const security = s.privileged
    ? '          securityContext:\n            privileged: true\n'
    : '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n            capabilities:\n              drop: ["ALL"]\n';
  const mounts = s.secretVolume
    ? `          volumeMounts:\n            - name: tls\n              mountPath: /etc/tls\n              readOnly: true\n`
    : '';
  const envFrom = s.secretEnvFrom
    ? `          envFrom:\n            - secretRef:\n                name: ${s.name}-env\n`
    : '';
  return `        - name: app
          image: ${s.repo}@${s.digest}
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: SERVICE_NAME
              value: ${s.name}
${s.secretEnv ? secretEnv(s) : ''}${envFrom}          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              memory: 256Mi
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
${security}${mounts}`;
}

/** A `secretKeyRef` env entry, as a list item under a container's `env:`. */
function secretEnv(s) {
  return `            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: ${s.name}-db
                  key: url
`;
}

function volumes(s) {
  return s.secretVolume
    ? `      volumes:\n        - name: tls\n          secret:\n            secretName: ${s.name}-tls\n`
    : '';
}

function git(cwd, args, env = {}) {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
}
