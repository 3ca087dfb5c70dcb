// The stream `helm template big charts/big -f deploy/fleet.yaml --namespace platform` prints for
// the chart of chart-templates.mjs (final stage), written out directly rather than by Helm: the
// same documents, `---` and `# Source:` headers, and Helm 3's kind install order. The fleet is
// sized so that the stream holds exactly `objectCount` objects.
import { createHash } from 'node:crypto';
import { COMPONENTS, appConfig } from './chart-templates.mjs';

const RELEASE = 'big';
const NAMESPACE = 'platform';
const REGIONS = ['eu-west', 'us-east', 'ap-south'];
const TIERS = ['gold', 'silver', 'standard'];

/** Objects every fleet renders: Namespace, 3 NetworkPolicies, Ingress, one Secret per component. */
const FIXED_OBJECTS = 5 + COMPONENTS.length;
/** Objects per instance: Deployment, Service, ConfigMap, PDB, ServiceAccount, Role, RoleBinding (+ HPA). */
const PER_INSTANCE = 7;

/** Helm 3's install order (releaseutil.InstallOrder), for the kinds this chart renders. */
const INSTALL_ORDER = [
  'Namespace',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'Role',
  'RoleBinding',
  'Service',
  'Deployment',
  'HorizontalPodAutoscaler',
  'Ingress',
];

/** Smallest stream this generator can make exactly with every template file rendered. */
export const MIN_OBJECTS = FIXED_OBJECTS + (PER_INSTANCE + 1) * COMPONENTS.length;

/** The rendered stream text with `objectCount` objects, and the fleet behind it. */
export function renderStream(objectCount) {
  const fleet = fleetFor(objectCount);
  const docs = [...fixedDocuments(), ...fleet.flatMap(instanceDocuments)];
  // Helm renders templates in path order and sorts the documents by kind, stably.
  const ordered = docs
    .map((doc, i) => ({ ...doc, i }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.i - b.i))
    .sort((a, b) => INSTALL_ORDER.indexOf(a.kind) - INSTALL_ORDER.indexOf(b.kind));
  if (ordered.length !== objectCount)
    throw new Error(`generated ${ordered.length} objects, wanted ${objectCount}`);
  const text = ordered
    .map((doc) => `---\n# Source: big/templates/${doc.path}\n${doc.text}`)
    .join('');
  return {
    text,
    objects: ordered.length,
    instances: fleet.length,
    files: new Set(ordered.map((doc) => doc.path)).size,
  };
}

/** Instances, round-robin over components; nearly all autoscale, which makes the count exact. */
function fleetFor(objectCount) {
  if (objectCount < MIN_OBJECTS) throw new Error(`BENCH_OBJECTS must be at least ${MIN_OBJECTS}`);
  const perInstance = objectCount - FIXED_OBJECTS;
  const count = Math.ceil(perInstance / (PER_INSTANCE + 1));
  const autoscaled = perInstance - PER_INSTANCE * count;
  return Array.from({ length: count }, (_, i) => ({
    component: COMPONENTS[i % COMPONENTS.length],
    name: `${REGIONS[i % REGIONS.length]}-t${String(i).padStart(5, '0')}`,
    tier: TIERS[i % TIERS.length],
    replicas: 2 + (i % 3),
    // Spread the instances with an HPA evenly over the fleet.
    maxReplicas:
      Math.floor(((i + 1) * autoscaled) / count) > Math.floor((i * autoscaled) / count)
        ? 6 + (i % 5)
        : undefined,
    costCenter: `cc-${4100 + (i % 40)}`,
    env: {
      AUDIT_TOPIC: `audit.${COMPONENTS[i % COMPONENTS.length]}.v1`,
      CIRCUIT_BREAKER_THRESHOLD: String(5 + (i % 5)),
      GRPC_KEEPALIVE_SECONDS: String(30 + (i % 3) * 15),
      FEATURE_FLAGS: i % 2 === 0 ? 'checkout-v2,fast-search' : 'fast-search',
      MAX_CONNECTIONS: String(64 + (i % 4) * 32),
      OTEL_SERVICE_NAME: `${COMPONENTS[i % COMPONENTS.length]}-${REGIONS[i % REGIONS.length]}`,
      RATE_LIMIT_RPS: String(100 * (1 + (i % 10))),
      READ_REPLICA_URL: `postgres://db-replica-${i % 4}.${NAMESPACE}:5432`,
      REGION: REGIONS[i % REGIONS.length],
      SENTRY_ENVIRONMENT: 'production',
      TENANT_ID: `t${String(i).padStart(5, '0')}`,
      TZ: 'UTC',
      UPSTREAM_URL: `http://big-gateway-${REGIONS[i % REGIONS.length]}.${NAMESPACE}.svc.cluster.local`,
    },
  }));
}

function labels(indent, extra = {}) {
  const pad = ' '.repeat(indent);
  const all = {
    'helm.sh/chart': 'big-3.2.0',
    'app.kubernetes.io/name': 'big',
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/version': '"5.1.0"',
    'app.kubernetes.io/managed-by': 'Helm',
    'app.kubernetes.io/part-of': 'acme-platform',
    ...extra,
  };
  return Object.entries(all)
    .map(([key, value]) => `${pad}${key}: ${value}\n`)
    .join('');
}

function selector(indent, extra = {}) {
  const pad = ' '.repeat(indent);
  const all = { 'app.kubernetes.io/name': 'big', 'app.kubernetes.io/instance': RELEASE, ...extra };
  return Object.entries(all)
    .map(([key, value]) => `${pad}${key}: ${value}\n`)
    .join('');
}

function meta(name, extraLabels = {}, tail = '') {
  return `metadata:\n  name: ${name}\n  namespace: ${NAMESPACE}\n  labels:\n${labels(4, extraLabels)}${tail}`;
}

function fixedDocuments() {
  const policy = (name, spec) => ({
    kind: 'NetworkPolicy',
    path: 'networkpolicy.yaml',
    text: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${meta(`big-${name}`)}spec:\n${spec}`,
  });
  const paths = COMPONENTS.map(
    (c) => `          - path: /${c}
            pathType: Prefix
            backend:
              service:
                name: big-${c}-gateway
                port:
                  name: http
`,
  );
  return [
    {
      kind: 'Namespace',
      path: 'namespace.yaml',
      text: `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${NAMESPACE}\n  labels:\n${labels(4, { 'pod-security.kubernetes.io/enforce': 'restricted' })}`,
    },
    policy('default-deny', '  podSelector: {}\n  policyTypes:\n    - Ingress\n    - Egress\n'),
    policy(
      'allow-dns',
      '  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: kube-system\n      ports:\n        - port: 53\n          protocol: UDP\n',
    ),
    policy(
      'allow-gateway',
      `  podSelector:\n    matchLabels:\n${selector(6)}  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              kubernetes.io/metadata.name: platform-gateway\n`,
    ),
    {
      kind: 'Ingress',
      path: 'ingress.yaml',
      text: `apiVersion: networking.k8s.io/v1\nkind: Ingress\n${meta('big', {}, '  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n')}spec:\n  ingressClassName: nginx\n  rules:\n    - host: platform.acme.example\n      http:\n        paths:\n${paths.join('')}`,
    },
    ...COMPONENTS.map((c) => ({
      kind: 'Secret',
      path: 'secrets.yaml',
      text: `apiVersion: v1\nkind: Secret\n${meta(`big-${c}-db`, { 'app.kubernetes.io/component': c })}type: Opaque\nstringData:\n  url: postgres://${c}@db.${NAMESPACE}:5432/${c}\n  password: FAKE-bench-${c}-password\n`,
    })),
  ];
}

function instanceDocuments(svc) {
  const c = svc.component;
  const name = `big-${c}-${svc.name}`;
  const own = { 'app.kubernetes.io/component': c, 'big.acme.dev/instance': svc.name };
  const ownLabels = {
    ...own,
    'big.acme.dev/team': c,
    'big.acme.dev/cost-center': `"${svc.costCenter}"`,
  };
  const doc = (kind, file, apiVersion, body, extraLabels = ownLabels, tail = '') => ({
    kind,
    path: `${c}/${file}`,
    text: `apiVersion: ${apiVersion}\nkind: ${kind}\n${meta(name, extraLabels, tail)}${body}`,
  });
  const hpa = `spec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: ${name}\n  minReplicas: 2\n  maxReplicas: ${svc.maxReplicas}\n  metrics:\n    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: 70\n  behavior:\n    scaleDown:\n      stabilizationWindowSeconds: 300\n`;
  return [
    doc('Deployment', 'deployment.yaml', 'apps/v1', deploymentSpec(svc, name, own), {
      ...ownLabels,
      'big.acme.dev/tier': svc.tier,
    }),
    doc(
      'Service',
      'service.yaml',
      'v1',
      `spec:\n  type: ClusterIP\n  selector:\n${selector(4, own)}  ports:\n    - name: http\n      port: 80\n      targetPort: http\n      protocol: TCP\n    - name: metrics\n      port: 9090\n      targetPort: metrics\n      protocol: TCP\n`,
      ownLabels,
      '  annotations:\n    prometheus.io/scrape: "true"\n',
    ),
    doc('ConfigMap', 'configmap.yaml', 'v1', configData(c, svc)),
    ...(svc.maxReplicas === undefined
      ? []
      : [doc('HorizontalPodAutoscaler', 'hpa.yaml', 'autoscaling/v2', hpa)]),
    doc(
      'PodDisruptionBudget',
      'hpa.yaml',
      'policy/v1',
      `spec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n${selector(6, own)}`,
    ),
    doc(
      'ServiceAccount',
      'rbac.yaml',
      'v1',
      '',
      ownLabels,
      `  annotations:\n    iam.gke.io/gcp-service-account: ${c}-${svc.name}@acme-prod.iam.gserviceaccount.com\n`,
    ),
    doc(
      'Role',
      'rbac.yaml',
      'rbac.authorization.k8s.io/v1',
      `rules:\n  - apiGroups:\n      - ""\n    resources:\n      - configmaps\n      - secrets\n    resourceNames:\n      - ${name}\n      - big-${c}-db\n    verbs:\n      - get\n      - watch\n      - list\n  - apiGroups:\n      - coordination.k8s.io\n    resources:\n      - leases\n    verbs:\n      - get\n      - create\n      - update\n`,
    ),
    doc(
      'RoleBinding',
      'rbac.yaml',
      'rbac.authorization.k8s.io/v1',
      `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: ${name}\nsubjects:\n  - kind: ServiceAccount\n    name: ${name}\n    namespace: ${NAMESPACE}\n`,
    ),
  ];
}

function configData(c, svc) {
  const config = {
    CACHE_BACKEND: '"redis"',
    CACHE_TTL_SECONDS: '"300"',
    HTTP_TIMEOUT_SECONDS: '"15"',
    MAX_BODY_BYTES: '"1048576"',
    TRACING_ENDPOINT: '"http://otel-collector.observability:4317"',
    TRACING_SAMPLE_RATE: '"0.05"',
  };
  const entries = Object.entries(config)
    .map(([key, value]) => `  ${key}: ${value}\n`)
    .join('');
  const app = appConfig(c)
    .replaceAll('{{ .Release.Namespace }}', NAMESPACE)
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}\n`)
    .join('');
  return `data:\n${entries}  INSTANCE: "${svc.name}"\n  app.yaml: |\n${app}`;
}

function deploymentSpec(svc, name, own) {
  const c = svc.component;
  const checksum = createHash('sha256').update(configData(c, svc)).digest('hex');
  const env = Object.entries(svc.env)
    .map(([key, value]) => `            - name: ${key}\n              value: "${value}"\n`)
    .join('');
  const secretEnv = (envName, secret, key) =>
    `            - name: ${envName}\n              valueFrom:\n                secretKeyRef:\n                  name: ${secret}\n                  key: ${key}\n`;
  const fieldEnv = (envName, path) =>
    `            - name: ${envName}\n              valueFrom:\n                fieldRef:\n                  fieldPath: ${path}\n`;
  return `spec:
  replicas: ${svc.replicas}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
${selector(6, own)}  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      annotations:
        checksum/config: ${checksum}
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
      labels:
${selector(8, own)}    spec:
      serviceAccountName: ${name}
      imagePullSecrets:
        - name: acme-registry
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${c}
          image: "ghcr.io/acme/${c}:2.15.0"
          imagePullPolicy: IfNotPresent
          args:
            - --instance=${svc.name}
            - --log-format=json
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: metrics
              containerPort: 9090
              protocol: TCP
          env:
            - name: INSTANCE
              value: "${svc.name}"
            - name: LOG_LEVEL
              value: "info"
${fieldEnv('POD_NAME', 'metadata.name')}${fieldEnv('POD_NAMESPACE', 'metadata.namespace')}${secretEnv('DATABASE_URL', `big-${c}-db`, 'url')}${secretEnv('DATABASE_PASSWORD', `big-${c}-db`, 'password')}${secretEnv('API_TOKEN', 'big-api-token', 'token')}${env}          envFrom:
            - configMapRef:
                name: ${name}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 10
            failureThreshold: 3
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 15
            periodSeconds: 20
          resources:
            limits:
              cpu: "1"
              memory: 512Mi
            requests:
              cpu: 250m
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
          volumeMounts:
            - name: config
              mountPath: /etc/${c}
              readOnly: true
            - name: tls
              mountPath: /etc/tls
              readOnly: true
            - name: tmp
              mountPath: /tmp
        - name: log-shipper
          image: "ghcr.io/acme/log-shipper:1.9.2"
          args: ["--input=/var/log/app", "--output=loki"]
          resources:
            limits:
              cpu: 100m
              memory: 64Mi
            requests:
              cpu: 20m
              memory: 32Mi
      volumes:
        - name: config
          configMap:
            name: ${name}
        - name: tls
          secret:
            secretName: big-${c}-tls
        - name: tmp
          emptyDir: {}
`;
}
