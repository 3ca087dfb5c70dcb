import type { OriginObject, RiskFact, SecretRef, SourceLocation } from '@trailmark/core';
import { asRecord, getPath, records, strings, stringAt } from './kube-read.js';

/** Where the kubelet mounts the automounted service-account token. */
const TOKEN_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Capabilities that are host-level power (any of these added makes a container risky). */
const DANGEROUS_CAPABILITIES: ReadonlySet<string> = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_RAWIO',
  'DAC_READ_SEARCH',
  'BPF',
  'PERFMON',
  'SYS_BOOT',
  'SYS_TIME',
]);

/**
 * The risk facts of one pod spec (a pod template or a live pod): Secrets mounted as volumes,
 * projected into volumes or read into env / envFrom; projected service-account tokens (other than
 * the automounted `kube-api-access-*` volume); privileged containers; added dangerous
 * capabilities; hostPath volumes; hostNetwork / hostPID / hostIPC. `at` comes from the origin
 * record's secret references where one names the same Secret, else the object's source line.
 */
export function podSpecRisks(
  spec: Record<string, unknown>,
  record: OriginObject | undefined,
): RiskFact[] {
  const facts: RiskFact[] = [];
  const fallback = record?.source && { path: record.source.path, line: record.source.line };
  const secretAt = (
    name: string,
    via: SecretRef['via'],
    container?: string,
  ): SourceLocation | undefined => secretLocation(record, name, via, container) ?? fallback;
  const tokenVolumes = tokenVolumeNames(spec);
  for (const volume of records(spec.volumes))
    volumeRisks(volume, tokenVolumes, secretAt, fallback, facts);
  for (const container of allContainers(spec)) containerRisks(container, secretAt, fallback, facts);
  for (const [key, kind] of [
    ['hostNetwork', 'host-network'],
    ['hostPID', 'host-pid'],
    ['hostIPC', 'host-ipc'],
  ] as const) {
    if (spec[key] === true) facts.push(fact(kind, `${key}: true`, undefined, fallback));
  }
  return facts;
}

type SecretAt = (
  name: string,
  via: SecretRef['via'],
  container?: string,
) => SourceLocation | undefined;

function volumeRisks(
  volume: Record<string, unknown>,
  tokenVolumes: ReadonlySet<string>,
  secretAt: SecretAt,
  fallback: SourceLocation | undefined,
  facts: RiskFact[],
): void {
  const name = stringAt(volume, ['name']) ?? '';
  const secret = stringAt(volume, ['secret', 'secretName']);
  if (secret !== undefined && !tokenVolumes.has(name))
    facts.push(
      fact(
        'secret-volume',
        `Secret ${secret} mounted as volume ${name}`,
        undefined,
        secretAt(secret, 'volume'),
      ),
    );
  const hostPath = stringAt(volume, ['hostPath', 'path']);
  if (hostPath !== undefined)
    facts.push(fact('host-path', `hostPath ${hostPath} as volume ${name}`, undefined, fallback));
  if (tokenVolumes.has(name)) return;
  for (const source of records(getPath(volume, ['projected', 'sources']))) {
    const projected = stringAt(source, ['secret', 'name']);
    if (projected !== undefined)
      facts.push(
        fact(
          'projected-secret',
          `Secret ${projected} projected into volume ${name}`,
          undefined,
          secretAt(projected, 'projected'),
        ),
      );
    const token = asRecord(source.serviceAccountToken);
    if (token !== undefined) {
      const audience = stringAt(token, ['audience']);
      facts.push(
        fact(
          'projected-token',
          `service-account token projected into volume ${name}${audience === undefined ? '' : ` (audience ${audience})`}`,
          undefined,
          fallback,
        ),
      );
    }
  }
}

function containerRisks(
  container: Record<string, unknown>,
  secretAt: SecretAt,
  fallback: SourceLocation | undefined,
  facts: RiskFact[],
): void {
  const name = stringAt(container, ['name']) ?? '';
  for (const env of records(container.env)) {
    const secret = stringAt(env, ['valueFrom', 'secretKeyRef', 'name']);
    if (secret !== undefined)
      facts.push(
        fact(
          'secret-env',
          `env ${stringAt(env, ['name']) ?? ''} from Secret ${secret}`,
          name,
          secretAt(secret, 'env', name),
        ),
      );
  }
  for (const from of records(container.envFrom)) {
    const secret = stringAt(from, ['secretRef', 'name']);
    if (secret !== undefined)
      facts.push(
        fact(
          'secret-env-from',
          `envFrom Secret ${secret}`,
          name,
          secretAt(secret, 'envFrom', name),
        ),
      );
  }
  const context = asRecord(container.securityContext);
  if (context?.privileged === true)
    facts.push(fact('privileged', 'privileged: true', name, fallback));
  const added = strings(getPath(context, ['capabilities', 'add'])).map((cap) =>
    cap.toUpperCase().replace(/^CAP_/, ''),
  );
  const dangerous = added.filter((cap) => DANGEROUS_CAPABILITIES.has(cap));
  if (dangerous.length > 0)
    facts.push(
      fact('added-capabilities', `capabilities added: ${dangerous.join(', ')}`, name, fallback),
    );
}

// Volumes holding the automounted token: `kube-api-access-*` (projected) or a legacy token
// Secret, recognised by being mounted at the service-account path.
function tokenVolumeNames(spec: Record<string, unknown>): Set<string> {
  const names = new Set<string>();
  for (const container of allContainers(spec)) {
    for (const mount of records(container.volumeMounts)) {
      const volume = stringAt(mount, ['name']);
      if (volume !== undefined && stringAt(mount, ['mountPath']) === TOKEN_MOUNT) names.add(volume);
    }
  }
  return names;
}

function secretLocation(
  record: OriginObject | undefined,
  name: string,
  via: SecretRef['via'],
  container: string | undefined,
): SourceLocation | undefined {
  const refs = Array.isArray(record?.secretRefs) ? record.secretRefs : [];
  const ref =
    refs.find(
      (candidate) =>
        candidate.name === name &&
        candidate.via === via &&
        (container === undefined || candidate.container === container),
    ) ?? refs.find((candidate) => candidate.name === name);
  return ref?.at && { path: ref.at.path, line: ref.at.line };
}

/** Init, regular and ephemeral containers of a pod spec. */
export function allContainers(spec: Record<string, unknown>): Record<string, unknown>[] {
  return [
    ...records(spec.initContainers),
    ...records(spec.containers),
    ...records(spec.ephemeralContainers),
  ];
}

function fact(
  kind: RiskFact['kind'],
  detail: string,
  container: string | undefined,
  at: SourceLocation | undefined,
): RiskFact {
  return {
    kind,
    detail,
    ...(container === undefined || container === '' ? {} : { container }),
    ...(at === undefined ? {} : { at }),
    risky: true,
  };
}
