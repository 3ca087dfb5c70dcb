// The per-component templates of the benchmark chart `charts/big` (see chart-templates.mjs).
/** The metadata block every template starts with. */
export const META = (name, extra = '') => `metadata:
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

export function deployment(c, stage) {
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

export function service(c) {
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

export function configMap(c) {
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

export function autoscaling(c) {
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

export function rbac(c) {
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
