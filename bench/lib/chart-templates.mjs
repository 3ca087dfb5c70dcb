// Template texts of the benchmark chart `charts/big`: an umbrella chart that deploys a fleet of
// instances of eight components. Every component has five templates, each a `{{- range }}` over
// its instances, so a few dozen template files render thousands of objects. `stage` selects the
// version of a file at each commit of the benchmark repository (1: Alice, 2: Bob, 3: Carol).

import {
  META,
  appConfig,
  autoscaling,
  configMap,
  deployment,
  rbac,
  service,
} from './chart-component-templates.mjs';

export { appConfig };

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
