// The demo's runtime alerts, in the exact shapes their producers send: a Falco event (Falco's
// `json_output`, as in falco.org's documentation and ../shared/corpus/alerts/falco) for a shell in
// the shop's pod, and an Alertmanager webhook (version 4) with kube-prometheus'
// KubePodCrashLooping for the Redis master. Only names and times are the demo's.

/** One Falco "Terminal shell in container" event, as one JSON line. */
export function falcoShellEvent(namespace, pod, container) {
  return `${JSON.stringify({
    hostname: 'node-a',
    output: `08:40:02.164811529: Notice A shell was spawned in a container with an attached terminal (user=root user_loginuid=-1 k8s.ns=${namespace} k8s.pod=${pod} container=5892b41bcf46 shell=sh parent=runc cmdline=sh terminal=34816 container_id=5892b41bcf46 image=ghcr.io/acme/shop)`,
    priority: 'Notice',
    rule: 'Terminal shell in container',
    source: 'syscall',
    tags: ['container', 'maturity_stable', 'mitre_execution', 'shell', 'T1059'],
    time: '2024-03-06T08:40:02.164811529Z',
    output_fields: {
      'container.id': '5892b41bcf46',
      'container.image.repository': 'ghcr.io/acme/shop',
      'container.name': container,
      'evt.time': 1709714402164811500,
      'k8s.ns.name': namespace,
      'k8s.pod.name': pod,
      'proc.cmdline': 'sh',
      'proc.name': 'sh',
      'proc.pname': 'runc',
      'proc.tty': 34816,
      'user.loginuid': -1,
      'user.name': 'root',
    },
  })}\n`;
}

/** An Alertmanager webhook payload with one firing KubePodCrashLooping alert. */
export function crashLoopingPayload(namespace, pod, container) {
  return `${JSON.stringify(
    {
      receiver: 'trailmark',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'KubePodCrashLooping',
            container,
            job: 'kube-state-metrics',
            namespace,
            pod,
            reason: 'CrashLoopBackOff',
            severity: 'warning',
          },
          annotations: {
            description: `Pod ${namespace}/${pod} (${container}) is in waiting state (reason: "CrashLoopBackOff").`,
            runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping',
            summary: 'Pod is crash looping.',
          },
          startsAt: '2024-03-06T09:14:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus.monitoring:9090/graph?g0.expr=kube_pod_container_status_waiting_reason',
          fingerprint: '5f2e3b9c1d7a4e60',
        },
      ],
      groupLabels: { alertname: 'KubePodCrashLooping' },
      commonLabels: { alertname: 'KubePodCrashLooping', severity: 'warning' },
      commonAnnotations: { summary: 'Pod is crash looping.' },
      externalURL: 'http://alertmanager.monitoring:9093',
      version: '4',
      groupKey: '{}:{alertname="KubePodCrashLooping"}',
      truncatedAlerts: 0,
    },
    null,
    2,
  )}\n`;
}
