import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RESOURCES } from '@trailmark/kube';
import { schemaValidator } from '@trailmark/trailmark';
import {
  selects,
  stampServeManifests,
  stringsIn,
  type DeployObject,
  type PodTemplate,
} from './deploy-objects.js';

const one = (objects: DeployObject[], kind: string): DeployObject => {
  const found = objects.filter((object) => object.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0]!;
};
const labelsOf = (selector: unknown): Record<string, string> =>
  (selector as { matchLabels: Record<string, string> }).matchLabels;

// What an operator relies on in deploy/serve, checked on trailmark's stamped output (the stream
// that is applied): two replicas that stay available, selected by their Service, policy and
// budget; a read-only role; no Secret value anywhere.
describe('deploy/serve, stamped, as an operator relies on it', () => {
  let objects: DeployObject[];
  let deployment: DeployObject;
  let pod: PodTemplate;

  beforeAll(async () => {
    const { stamped } = await stampServeManifests();
    objects = stamped.flatMap((file) => file.documents.map((document) => document.object));
    deployment = one(objects, 'Deployment');
    pod = deployment.spec?.template as PodTemplate;
  });

  it('runs 2 hardened replicas with probes, resources and the service account', () => {
    expect(deployment.spec?.replicas).toBe(2);
    expect(selects(labelsOf(deployment.spec?.selector), pod.metadata.labels)).toBe(true);
    expect(pod.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const container of pod.spec.containers) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(Object.keys(container.resources.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(container.resources.limits?.memory).toBeDefined();
    }
    const account = one(objects, 'ServiceAccount');
    expect(pod.spec.serviceAccountName).toBe(account.metadata.name);
  });

  it('keeps one replica through disruptions, and the Service reaches the pods', () => {
    const budget = one(objects, 'PodDisruptionBudget');
    expect(budget.spec?.minAvailable).toBe(1);
    expect(selects(labelsOf(budget.spec?.selector), pod.metadata.labels)).toBe(true);
    const service = one(objects, 'Service');
    const selector = service.spec?.selector as Record<string, string>;
    expect(selects(selector, pod.metadata.labels)).toBe(true);
    const ports = service.spec?.ports as { targetPort: string }[];
    const containerPorts = JSON.stringify(pod.spec.containers);
    for (const port of ports) expect(containerPorts).toContain(`"name":"${port.targetPort}"`);
    for (const object of [budget, service, deployment])
      expect(object.metadata.namespace).toBe(deployment.metadata.namespace);
  });

  it('binds a read-only ClusterRole on exactly the kinds serve watches', () => {
    const role = one(objects, 'ClusterRole');
    const grants = (role.rules ?? []).flatMap((rule) =>
      rule.apiGroups.flatMap((group) =>
        rule.resources.map((resource) => ({ key: `${group}/${resource}`, verbs: rule.verbs })),
      ),
    );
    const watched = RESOURCES.map((info) => {
      const group = info.apiVersion.includes('/') ? info.apiVersion.split('/')[0] : '';
      return `${group}/${info.resource}`;
    });
    expect(grants.map((grant) => grant.key).sort()).toEqual([...watched].sort());
    for (const grant of grants) {
      expect(grant.verbs, grant.key).toEqual(expect.arrayContaining(['list', 'watch']));
      expect(grant.verbs.every((verb) => ['get', 'list', 'watch'].includes(verb))).toBe(true);
    }
    expect(JSON.stringify(role.rules)).not.toContain('*');
    expect(grants.find((grant) => grant.key === '/secrets')?.verbs).toEqual(['list', 'watch']);
    const binding = one(objects, 'ClusterRoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: pod.spec.serviceAccountName,
        namespace: deployment.metadata.namespace,
      },
    ]);
  });

  it('admits only falcosidekick and Alertmanager, on the serve port, and selects the pods', () => {
    const policy = one(objects, 'NetworkPolicy');
    expect(selects(labelsOf(policy.spec?.podSelector), pod.metadata.labels)).toBe(true);
    expect(policy.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    const ingress = policy.spec?.ingress as { from: Record<string, unknown>[]; ports: unknown[] }[];
    const peers = ingress.flatMap((rule) => rule.from);
    expect(peers.map((peer) => labelsOf(peer.podSelector)['app.kubernetes.io/name'])).toEqual([
      'falcosidekick',
      'alertmanager',
    ]);
    for (const peer of peers) expect(peer.namespaceSelector).toBeDefined();
    for (const rule of ingress) expect(rule.ports).toEqual([{ protocol: 'TCP', port: 8080 }]);
    const ports = JSON.stringify(policy.spec?.egress);
    for (const port of [53, 5432, 443, 6443]) expect(ports).toContain(`"port":${port}`);
  });

  it('gives serve a config file the serve-config schema accepts, mounted where --config reads it', () => {
    const config = one(objects, 'ConfigMap');
    const settings = parse(config.data?.['serve.yaml'] ?? '') as Record<string, unknown>;
    expect(schemaValidator('serve-config.v1')(settings)).toEqual([]);
    expect(settings.listen).toBe('0.0.0.0:8080');
    const container = pod.spec.containers[0];
    const volume = pod.spec.volumes?.find((v) => v.configMap?.name === config.metadata.name);
    const mount = container?.volumeMounts?.find((m) => m.name === volume?.name);
    expect(JSON.stringify(deployment.spec?.template)).toContain(
      `"--config","${mount?.mountPath}/serve.yaml"`,
    );
  });

  it('references every Secret and writes no Secret value', () => {
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    const env = pod.spec.containers.flatMap((container) => container.env ?? []);
    expect(env.filter((variable) => variable.value !== undefined)).toEqual([]);
    expect(env.map((variable) => [variable.name, variable.valueFrom?.secretKeyRef?.name])).toEqual([
      ['TRAILMARK_STORE_URL', 'trailmark-serve-store'],
      ['GITHUB_TOKEN', 'trailmark-serve-github'],
    ]);
    const auth = pod.spec.volumes?.find((volume) => volume.secret?.secretName.endsWith('-auth'));
    const mount = pod.spec.containers[0]?.volumeMounts?.find((m) => m.name === auth?.name);
    const config = one(objects, 'ConfigMap').data?.['serve.yaml'] ?? '';
    expect(config).toContain(`tokenFile: ${mount?.mountPath}/token`);
    expect(config).not.toMatch(/^\s*store:/m);
    const leaks = stringsIn(objects).filter(({ value }) =>
      /gh[pousr]_\w{20,}|Bearer\s+\S|postgres(ql)?:\/\/[^/\s]*:[^/\s]*@|-----BEGIN/.test(value),
    );
    expect(leaks).toEqual([]);
  });
});
