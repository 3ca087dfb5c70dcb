// The alerts of bench/trace: 10,000 alerts in the shapes the producers send (field for field as in
// the corpus samples of ../shared/corpus/alerts: Falco JSON lines, falcosidekick posts, Kubernetes
// audit Events as JSON lines, Alertmanager webhook v4 payloads of 10 alerts, Tetragon
// process_exec events), aimed at the pods of the bench cluster. Every 50th alert names a pod that
// is gone (resolved through its pod-template-hash label when the format carries labels), every
// 100th a namespace the cluster does not have (unresolved). Deterministic.
import { createHash } from 'node:crypto';
import { REPLICAS } from './trace-cluster.mjs';

/** `[{ file, format, text, alerts }]`: the inputs, one text per file, `alerts` alerts in all. */
export function buildAlertFiles(fleet, total = 10_000) {
  const shares = [
    ['falco.jsonl', 0.35, falco],
    ['falcosidekick.jsonl', 0.1, sidekick],
    ['audit.jsonl', 0.2, audit],
    ['tetragon.jsonl', 0.15, tetragon],
  ];
  const files = [];
  let made = 0;
  for (const [file, share, make] of shares) {
    const count = Math.round(total * share);
    const lines = [];
    for (let i = 0; i < count; i++)
      lines.push(JSON.stringify(make(target(fleet, made + i), made + i)));
    files.push({ file, text: `${lines.join('\n')}\n`, alerts: count });
    made += count;
  }
  // Alertmanager: the rest, ten alerts per webhook payload, one payload per line of a JSON-lines file.
  const payloads = [];
  for (let i = made; i < total; i += 10) {
    const alerts = [];
    for (let j = i; j < Math.min(i + 10, total); j++)
      alerts.push(alertmanagerAlert(target(fleet, j), j));
    payloads.push(JSON.stringify(alertmanagerPayload(alerts)));
  }
  files.push({
    file: 'alertmanager.jsonl',
    text: `${payloads.join('\n')}\n`,
    alerts: total - made,
  });
  return files;
}

function target(fleet, i) {
  const s = fleet[(i * 7919) % fleet.length];
  const replica = i % REPLICAS;
  const gone = i % 50 === 25;
  const namespace = i % 100 === 99 ? 'decommissioned' : s.namespace;
  const pod = gone ? `${s.name}-${s.hash}-zzzzz` : podName(s, replica);
  return { s, namespace, pod, hash: s.hash };
}

// The pod names of trace-cluster.mjs (same derivation).
function podName(s, r) {
  const h = createHash('sha256').update(`${s.name} ${r}`).digest('hex');
  return `${s.name}-${s.hash}-${h.replace(/[^a-z]/g, 'c').slice(0, 5)}`;
}

const time = (i) => new Date(Date.UTC(2026, 11, 2, 10, 0, 0) + i * 37).toISOString();
const cid = (i) => (i * 2654435761).toString(16).padStart(12, '0').slice(-12);

function falco({ s, namespace, pod, hash }, i) {
  return {
    hostname: `node-${i % 8}`,
    output: `${time(i).slice(11, 23)}: Notice A shell was spawned in a container with an attached terminal (user=root user_loginuid=-1 k8s.ns=${namespace} k8s.pod=${pod} container=${cid(i)} shell=sh parent=runc cmdline=sh -c id terminal=34816 container_id=${cid(i)} image=ghcr.io/acme/${s.name})`,
    output_fields: {
      'container.id': cid(i),
      'container.image.repository': `ghcr.io/acme/${s.name}`,
      'container.image.tag': null,
      'container.image.digest': s.digest,
      'container.name': 'app',
      'evt.time': Date.parse(time(i)) * 1e6,
      'k8s.ns.name': namespace,
      'k8s.pod.name': pod,
      'k8s.pod.labels': `app:${s.name}, pod-template-hash:${hash}`,
      'proc.cmdline': 'sh -c id',
      'proc.name': 'sh',
      'proc.pname': 'runc',
      'proc.tty': 34816,
      'user.loginuid': -1,
      'user.name': 'root',
    },
    priority: 'Notice',
    rule: 'Terminal shell in container',
    source: 'syscall',
    tags: ['container', 'shell', 'mitre_execution', 'T1059'],
    time: time(i),
  };
}

function sidekick(where, i) {
  const event = falco(where, i);
  return {
    uuid: `${cid(i)}-4a1e-9c1d-${cid(i + 1)}`,
    ...event,
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    output_fields: {
      ...event.output_fields,
      'fd.name': '/etc/shadow',
      'proc.cmdline': 'cat /etc/shadow',
    },
  };
}

function audit({ namespace, pod }, i) {
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Request',
    auditID: `ca1ed9f4-7bf4-4c85-81a8-${cid(i)}`,
    stage: 'ResponseStarted',
    requestURI: `/api/v1/namespaces/${namespace}/pods/${pod}/exec?command=sh&container=app&stdin=true&stdout=true&tty=true`,
    verb: 'create',
    user: { username: 'jane@acme.example', groups: ['system:authenticated', 'acme:sre'] },
    sourceIPs: ['10.20.0.7'],
    userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    objectRef: { resource: 'pods', namespace, name: pod, apiVersion: 'v1', subresource: 'exec' },
    responseStatus: { metadata: {}, code: 101 },
    requestReceivedTimestamp: time(i),
    stageTimestamp: time(i),
    annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' },
  };
}

function tetragon({ s, namespace, pod }, i) {
  return {
    process_exec: {
      process: {
        exec_id: Buffer.from(`node-${i % 8}:${1236928467485 + i}:${17022 + i}`).toString('base64'),
        pid: 17022 + i,
        uid: 0,
        cwd: '/',
        binary: '/bin/bash',
        flags: 'execve rootcwd clone',
        start_time: time(i),
        auid: 4294967295,
        pod: {
          namespace,
          name: pod,
          container: {
            id: `containerd://${cid(i)}${cid(i + 3)}`,
            name: 'app',
            image: {
              id: `ghcr.io/acme/${s.name}@${s.digest}`,
              name: `ghcr.io/acme/${s.name}:1.4.2`,
            },
            start_time: '2026-11-30T09:31:02Z',
          },
          pod_labels: { app: s.name, 'pod-template-hash': s.hash },
        },
        docker: cid(i),
        parent_exec_id: Buffer.from(`node-${i % 8}:${1236885310812 + i}:17012`).toString('base64'),
        refcnt: 1,
      },
      parent: {
        exec_id: Buffer.from(`node-${i % 8}:${1236885310812 + i}:17012`).toString('base64'),
        pid: 17012,
        binary: '/usr/bin/runc',
      },
    },
    node_name: `node-${i % 8}`,
    time: time(i),
  };
}

function alertmanagerAlert({ namespace, pod }, i) {
  return {
    status: 'firing',
    labels: {
      alertname: 'KubePodCrashLooping',
      container: 'app',
      endpoint: 'http',
      job: 'kube-state-metrics',
      namespace,
      pod,
      prometheus: 'monitoring/k8s',
      reason: 'CrashLoopBackOff',
      service: 'kube-state-metrics',
      severity: 'warning',
    },
    annotations: {
      description: `Pod ${namespace}/${pod} (app) is in waiting state (reason: "CrashLoopBackOff").`,
      runbook_url:
        'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
      summary: 'Pod is crash looping.',
    },
    startsAt: time(i),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus.monitoring:9090/graph?g0.expr=max_over_time%28kube_pod_container_status_waiting_reason%7Bpod%3D%22${pod}%22%7D%5B5m%5D%29`,
    fingerprint: cid(i).padStart(16, '0'),
  };
}

function alertmanagerPayload(alerts) {
  return {
    receiver: 'trailmark',
    status: 'firing',
    alerts,
    groupLabels: { alertname: 'KubePodCrashLooping' },
    commonLabels: {
      alertname: 'KubePodCrashLooping',
      job: 'kube-state-metrics',
      severity: 'warning',
    },
    commonAnnotations: { summary: 'Pod is crash looping.' },
    externalURL: 'http://alertmanager.monitoring:9093',
    version: '4',
    groupKey: '{}:{alertname="KubePodCrashLooping"}',
    truncatedAlerts: 0,
  };
}
