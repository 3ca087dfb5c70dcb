// Template texts of the benchmark chart `charts/big`: an umbrella chart that deploys a fleet of
// instances of eight components. Every component has five templates, each a `{{- range }}` over
// its instances, so a few dozen template files render thousands of objects. `stage` selects the
// version of a file at each commit of the benchmark repository (1: Alice, 2: Bob, 3: Carol).

/** The components; each owns `templates/<component>/` and a values section. */
export const COMPONENTS = [
  'api',
  'auth',
  'billing',
  'gateway',
  'notifications',
  'reporting',
  'search',
  'worker',
];

/** The chart's own files, at `stage`. */
export function chartFiles(stage) {
  const files = {
    'Chart.yaml': chartYaml(),
    'values.yaml': valuesYaml(stage),
    'templates/_helpers.tpl': helpers(),
    'templates/namespace.yaml': namespace(),
    'templates/networkpolicy.yaml': networkPolicies(stage),
    'templates/ingress.yaml': ingress(),
    'templates/secrets.yaml': secrets(),
  };
  for (const c of COMPONENTS) {
    files[`templates/${c}/deployment.yaml`] = deployment(c, stage);
    files[`templates/${c}/service.yaml`] = service(c);
    files[`templates/${c}/configmap.yaml`] = configMap(c);
    files[`files/${c}.yaml`] = appConfig(c);
    if (stage >= 2) files[`templates/${c}/hpa.yaml`] = autoscaling(c);
    if (stage >= 3) files[`templates/${c}/rbac.yaml`] = rbac(c);
  }
  return files;
}

function chartYaml() {
  return `apiVersion: v2
name: big
description: The acme platform fleet, one release for every tenant instance
type: application
version: 3.2.0
appVersion: "5.1.0"
`;
}

function valuesYaml(stage) {
  const tag = stage >= 3 ? '2.15.0' : '2.14.3';
  const sections = COMPONENTS.map(
    (c) => `${c}:
  replicas: 2
  image:
    repository: ghcr.io/acme/${c}
    tag: "${tag}"
  resources:
    requests:
      cpu: 250m
      memory: 256Mi
    limits:
      cpu: "1"
      memory: 512Mi
  config:
    CACHE_BACKEND: redis
    CACHE_TTL_SECONDS: "300"
    HTTP_TIMEOUT_SECONDS: "15"
    MAX_BODY_BYTES: "1048576"
    TRACING_ENDPOINT: http://otel-collector.observability:4317
    TRACING_SAMPLE_RATE: "0.05"
  # The instances are listed per environment (deploy/fleet-<env>.yaml).
  instances: []
`,
  );
  return `global:
  logLevel: info
  imagePullSecret: acme-registry
  apiTokenSecret: big-api-token
  logShipper:
    repository: ghcr.io/acme/log-shipper
    tag: "1.9.2"
    resources:
      requests:
        cpu: 20m
        memory: 32Mi
      limits:
        cpu: 100m
        memory: 64Mi
ingress:
  host: platform.acme.example
  className: nginx
${sections.join('')}`;
}

function helpers() {
  return `{{- define "big.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "big.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "big.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "big.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: acme-platform
{{- end }}

{{- define "big.selectorLabels" -}}
app.kubernetes.io/name: {{ include "big.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
`;
}

const META = (name, extra = '') => `metadata:
  name: ${name}
  namespace: {{ $.Release.Namespace }}
  labels:
    {{- include "big.labels" $ | nindent 4 }}
${extra}`;

const INSTANCE_LABELS = (c) => `    app.kubernetes.io/component: ${c}
    big.acme.dev/instance: {{ $svc.name }}
    big.acme.dev/team: ${c}
    big.acme.dev/cost-center: {{ $svc.costCenter | quote }}
`;

function namespace() {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: {{ .Release.Namespace }}
  labels:
    {{- include "big.labels" . | nindent 4 }}
    pod-security.kubernetes.io/enforce: restricted
`;
}

function networkPolicies(stage) {
  const gateway = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
${META('{{ include "big.fullname" $ }}-allow-gateway')}spec:
  podSelector:
    matchLabels:
      {{- include "big.selectorLabels" $ | nindent 6 }}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: platform-gateway
`;
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
${META('{{ include "big.fullname" $ }}-default-deny')}spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
${META('{{ include "big.fullname" $ }}-allow-dns')}spec:
  podSelector: {}
  policyTypes:
    - Egress
  egress:
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
      ports:
        - port: 53
          protocol: UDP
${stage >= 3 ? gateway : ''}`;
}

function ingress() {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
${META('{{ include "big.fullname" $ }}')}  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
spec:
  ingressClassName: {{ .Values.ingress.className }}
  rules:
    - host: {{ .Values.ingress.host }}
      http:
        paths:
          {{- range $c := list ${COMPONENTS.map((c) => `"${c}"`).join(' ')} }}
          - path: /{{ $c }}
            pathType: Prefix
            backend:
              service:
                name: {{ include "big.fullname" $ }}-{{ $c }}-gateway
                port:
                  name: http
          {{- end }}
`;
}

function secrets() {
  return `{{- range $c := list ${COMPONENTS.map((c) => `"${c}"`).join(' ')} }}
---
apiVersion: v1
kind: Secret
${META('{{ include "big.fullname" $ }}-{{ $c }}-db', '    app.kubernetes.io/component: {{ $c }}\n')}type: Opaque
stringData:
  url: postgres://{{ $c }}@db.{{ $.Release.Namespace }}:5432/{{ $c }}
  password: FAKE-bench-{{ $c }}-password
{{- end }}
`;
}

function deployment(c, stage) {
  const liveness = `          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            initialDelaySeconds: 15
            periodSeconds: 20
`;
  const hardening = `          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop:
                - ALL
`;
  return `{{- range $svc := .Values.${c}.instances }}
---
apiVersion: apps/v1
kind: Deployment
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c) + '    big.acme.dev/tier: {{ $svc.tier | default "standard" }}\n')}spec:
  replicas: {{ $svc.replicas | default $.Values.${c}.replicas }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "big.selectorLabels" $ | nindent 6 }}
      app.kubernetes.io/component: ${c}
      big.acme.dev/instance: {{ $svc.name }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/${c}/configmap.yaml") $ | sha256sum }}
        prometheus.io/scrape: "true"
        prometheus.io/port: "9090"
      labels:
        {{- include "big.selectorLabels" $ | nindent 8 }}
        app.kubernetes.io/component: ${c}
        big.acme.dev/instance: {{ $svc.name }}
    spec:
      serviceAccountName: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
      imagePullSecrets:
        - name: {{ $.Values.global.imagePullSecret }}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        fsGroup: 10001
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: ${c}
          image: "{{ $.Values.${c}.image.repository }}:{{ $.Values.${c}.image.tag }}"
          imagePullPolicy: IfNotPresent
          args:
            - --instance={{ $svc.name }}
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
              value: {{ $svc.name | quote }}
            - name: LOG_LEVEL
              value: {{ $.Values.global.logLevel | quote }}
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: POD_NAMESPACE
              valueFrom:
                fieldRef:
                  fieldPath: metadata.namespace
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef:
                  name: {{ include "big.fullname" $ }}-${c}-db
                  key: url
            - name: DATABASE_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "big.fullname" $ }}-${c}-db
                  key: password
            - name: API_TOKEN
              valueFrom:
                secretKeyRef:
                  name: {{ $.Values.global.apiTokenSecret }}
                  key: token
            {{- range $key, $value := $svc.env }}
            - name: {{ $key }}
              value: {{ $value | quote }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            periodSeconds: 10
            failureThreshold: 3
${stage >= 2 ? liveness : ''}          resources:
            {{- toYaml $.Values.${c}.resources | nindent 12 }}
${stage >= 2 ? hardening : ''}          volumeMounts:
            - name: config
              mountPath: /etc/${c}
              readOnly: true
            - name: tls
              mountPath: /etc/tls
              readOnly: true
            - name: tmp
              mountPath: /tmp
        - name: log-shipper
          image: "{{ $.Values.global.logShipper.repository }}:{{ $.Values.global.logShipper.tag }}"
          args: ["--input=/var/log/app", "--output=loki"]
          resources:
            {{- toYaml $.Values.global.logShipper.resources | nindent 12 }}
      volumes:
        - name: config
          configMap:
            name: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
        - name: tls
          secret:
            secretName: {{ include "big.fullname" $ }}-${c}-tls
        - name: tmp
          emptyDir: {}
{{- end }}
`;
}

function service(c) {
  return `{{- range $svc := .Values.${c}.instances }}
---
apiVersion: v1
kind: Service
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c) + '  annotations:\n    prometheus.io/scrape: "true"\n')}spec:
  type: ClusterIP
  selector:
    {{- include "big.selectorLabels" $ | nindent 4 }}
    app.kubernetes.io/component: ${c}
    big.acme.dev/instance: {{ $svc.name }}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
    - name: metrics
      port: 9090
      targetPort: metrics
      protocol: TCP
{{- end }}
`;
}

/** The component's application config, rendered into its ConfigMap by `tpl`. */
export function appConfig(c) {
  return `component: ${c}
namespace: {{ .Release.Namespace }}
server:
  port: 8080
  metricsPort: 9090
  shutdownGracePeriod: 25s
  readTimeout: 15s
  writeTimeout: 30s
database:
  host: db.{{ .Release.Namespace }}
  port: 5432
  name: ${c}
  poolSize: 20
  statementTimeout: 10s
cache:
  backend: redis
  address: redis-master.{{ .Release.Namespace }}:6379
  ttl: 5m
tracing:
  endpoint: http://otel-collector.observability:4317
  sampleRate: 0.05
  propagators:
    - tracecontext
    - baggage
retry:
  maxAttempts: 4
  initialBackoff: 200ms
  maxBackoff: 5s
  retryOn:
    - connect-failure
    - refused-stream
    - unavailable
limits:
  requestsPerSecond: 200
  burst: 400
  maxConcurrentStreams: 128
logging:
  format: json
  level: info
  redact:
    - authorization
    - cookie
    - x-api-key
`;
}

function configMap(c) {
  return `{{- range $svc := .Values.${c}.instances }}
---
apiVersion: v1
kind: ConfigMap
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}data:
  {{- range $key, $value := $.Values.${c}.config }}
  {{ $key }}: {{ $value | quote }}
  {{- end }}
  INSTANCE: {{ $svc.name | quote }}
  app.yaml: |
    {{- tpl ($.Files.Get "files/${c}.yaml") $ | nindent 4 }}
{{- end }}
`;
}

function autoscaling(c) {
  return `{{- range $svc := .Values.${c}.instances }}
{{- if $svc.autoscaling }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
  minReplicas: 2
  maxReplicas: {{ $svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 70
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
{{- end }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}spec:
  minAvailable: 1
  selector:
    matchLabels:
      {{- include "big.selectorLabels" $ | nindent 6 }}
      app.kubernetes.io/component: ${c}
      big.acme.dev/instance: {{ $svc.name }}
{{- end }}
`;
}

function rbac(c) {
  return `{{- range $svc := .Values.${c}.instances }}
---
apiVersion: v1
kind: ServiceAccount
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}  annotations:
    iam.gke.io/gcp-service-account: ${c}-{{ $svc.name }}@acme-prod.iam.gserviceaccount.com
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}rules:
  - apiGroups:
      - ""
    resources:
      - configmaps
      - secrets
    resourceNames:
      - {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
      - {{ include "big.fullname" $ }}-${c}-db
    verbs:
      - get
      - watch
      - list
  - apiGroups:
      - coordination.k8s.io
    resources:
      - leases
    verbs:
      - get
      - create
      - update
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
${META(`{{ include "big.fullname" $ }}-${c}-{{ $svc.name }}`, INSTANCE_LABELS(c))}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
subjects:
  - kind: ServiceAccount
    name: {{ include "big.fullname" $ }}-${c}-{{ $svc.name }}
    namespace: {{ $.Release.Namespace }}
{{- end }}
`;
}
