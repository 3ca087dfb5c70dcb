import type { SourceLocation } from './error.js';
import type { Operator, SecretVia } from './origin.js';
import type {
  AttestationEvidence,
  Finding,
  ObjectRef,
  RiskFact,
  Severity,
  WorkloadOrigin,
} from './verify-report.js';

// What `trailmark trace` reads and concludes (design.md §5): an alert of any supported format,
// normalised; and the incident record built from it (schemas/incident.v1.schema.json). The trace
// package produces both, the report package renders the incident, serve stores and escalates it.

/** `schema` of an incident record. */
export const INCIDENT_SCHEMA = 'https://trailmark.dev/incident/v1';

/** The alert formats trace reads (auto-detected). */
export const ALERT_FORMATS = [
  'falco',
  'falcosidekick',
  'k8s-audit',
  'alertmanager',
  'tetragon',
  'reference',
] as const;

/** One of {@link ALERT_FORMATS}. */
export type AlertFormat = (typeof ALERT_FORMATS)[number];

/**
 * One alert, normalised (design.md §5: `{source, rule, priority, time, namespace, pod, container,
 * image, digest, user}`). Only what the alert itself says; nothing looked up. Strings from the
 * alert pass through `scrubSecrets` (a command line can carry a password).
 */
export interface NormalizedAlert {
  format: AlertFormat;
  /** The producing system's own source: Falco's `source` (`syscall`, `k8s_audit`), `alertmanager`, … */
  source: string;
  /** Falco rule, Alertmanager `alertname`, audit `verb resource[/subresource]`, Tetragon event type + policy. */
  rule: string;
  /** The priority as the producer wrote it (`Warning`, `critical`, …). */
  priority?: string;
  /** The priority mapped onto trailmark's severities. */
  severity: Severity;
  /** RFC 3339. */
  time?: string;
  /** The producer's id of this alert: Falco `uuid`, audit `auditID`, Alertmanager `fingerprint`, Tetragon `exec_id`. */
  id?: string;
  /** Alertmanager's `status`. */
  status?: 'firing' | 'resolved';
  /** One line a human wrote or the producer formatted (Falco `output`, Alertmanager summary). */
  message?: string;
  namespace?: string;
  pod?: string;
  /** Container name. */
  container?: string;
  containerId?: string;
  image?: string;
  /** `sha256:<hex>`. */
  digest?: string;
  /** Who did it: audit `user.username`, Falco `user.name`/`ka.user.name`. */
  user?: string;
  impersonatedUser?: string;
  /**
   * The object the alert is about when it is not (only) a pod: an audit `objectRef`, a
   * `deployment/NAME -n NS` reference, an Alertmanager `deployment` label.
   */
  object?: ObjectRef & { resource?: string; subresource?: string };
  /** Pod labels the alert carries (`trailmark.dev/origin`, `pod-template-hash`, …). */
  labels?: Record<string, string>;
  /** A few more fields worth showing (`proc.cmdline`, `fd.name`, …), scrubbed, bounded. */
  fields?: Record<string, string>;
  /** Where in the input this alert is: the file (`-` for stdin) and its 1-based line. */
  at: SourceLocation;
  /** The Falco rule's definition (`--falco-rules`). */
  ruleAt?: SourceLocation;
}

/** How an alert was tied to a workload or object; never a guess. */
export type ResolutionVia =
  /** The pod exists; its ownerReferences lead to the top workload. */
  | 'owner-references'
  /** The pod is gone; the alert's `trailmark.dev/origin` label names the origin record. */
  | 'origin-label'
  /** The pod is gone; the alert's `pod-template-hash` names a live ReplicaSet. */
  | 'pod-template-hash'
  /** The alert names a workload or object directly (audit objectRef, `deployment/NAME`). */
  | 'object';

/** Who changed a live object after the attested deploy (design.md §3 "Who": the applier). */
export interface Applier {
  /** Field manager (`kubectl-edit`, `kubectl-client-side-apply`, …) or the audit user. */
  manager: string;
  /** From an audit event: the authenticated user. */
  user?: string;
  operation?: string;
  /** RFC 3339. */
  time?: string;
  /** Field paths it owns, e.g. `spec.template.spec.containers[name=api].image`. */
  fields: string[];
  via: 'managed-fields' | 'audit';
}

/** A fact of the incident and whether a verified bundle backs it. */
export interface IncidentFact {
  /** `source`, `owners`, `introducer`, `operator`, `approvers`, `build`, `commit`, `image:<container>`, … */
  name: string;
  verified: boolean;
  /** Id of the bundle that proves it. */
  attestation?: string;
}

/** Where a Secret itself comes from. */
export interface SecretOrigin {
  /**
   * - `template`: an object of the repository (origin record or `trailmark.dev/source` annotation);
   * - `external-secret` / `sealed-secret`: owned by such an object (named in `owner`);
   * - `manual`: created or changed by a person (`createdBy`, from managedFields);
   * - `unknown`: not in the cluster view, or nothing says.
   */
  kind: 'template' | 'external-secret' | 'sealed-secret' | 'manual' | 'unknown';
  at?: SourceLocation;
  url?: string;
  owner?: ObjectRef;
  createdBy?: string;
  time?: string;
  verified: boolean;
}

/** A Secret the workload uses (never its data): where it is referenced and where it comes from. */
export interface SecretTrace {
  name: string;
  via: SecretVia;
  container?: string;
  /** The template line that references it (`…/deployment.yaml#L48`). */
  at?: SourceLocation;
  url?: string;
  origin: SecretOrigin;
}

/** A binding that grants the service account something, with its own source line. */
export interface BindingTrace extends ObjectRef {
  role: ObjectRef;
  /** One line: what the role allows that matters (`cluster-admin`, `* on secrets`, …). */
  grants: string;
  risky: boolean;
  at?: SourceLocation;
  url?: string;
  owners: string[];
  verified: boolean;
}

/** The service account a workload runs as, with where it is set and what it is bound to. */
export interface ServiceAccountTrace {
  name: string;
  namespace?: string;
  at?: SourceLocation;
  url?: string;
  automountToken: boolean;
  bindings: BindingTrace[];
}

/** A running (or named) container and its evidence. */
export interface IncidentImage {
  container: string;
  image: string;
  digest?: string;
  /** Ids of verified bundles naming the digest. */
  attestations: string[];
  /** The build that produced it (SLSA run URL), when a verified provenance says so. */
  build?: string;
}

/** Who deploys the workload, when it differs from who owns its template (external/shared charts). */
export interface Deployer {
  operator?: Operator;
  repository?: string;
  /** Owners of the deploying line (the chart dependency line, the release's values). */
  owners: string[];
}

/**
 * The incident record (design.md §5): one alert, the workload or object it resolved to, its origin
 * (file:line, permalink, chart, commit, owners, introducer, operator, appliers, approvers, build),
 * which facts are verified versus claimed, the secret and service-account lines, and the findings
 * verify would report for the workload.
 */
export interface Incident {
  schema: typeof INCIDENT_SCHEMA;
  /** RFC 3339. */
  generatedAt: string;
  /**
   * `sha256:<hex>` of the canonical JSON of `{rule, workload: kind/namespace/name, commit}` (or of
   * the object, or the pod when unresolved): the escalation dedupe key.
   */
  fingerprint: string;
  alert: NormalizedAlert;
  resolution: { status: 'resolved' | 'unresolved'; via?: ResolutionVia; reason?: string };
  /** The top workload (Deployment, StatefulSet, DaemonSet, CronJob, Job, bare Pod). */
  workload?: ObjectRef & { uid?: string };
  pod?: string;
  /** The object the alert is about when it is not a workload (Secret, ServiceAccount, Role, binding). */
  object?: ObjectRef;
  /** For an alert on an object: the workloads that use it. */
  usedBy: ObjectRef[];
  attribution: 'verified' | 'claimed' | 'none';
  origin?: WorkloadOrigin;
  /** Named when the template's owners are not the deployer (external or subchart). */
  deployer?: Deployer;
  appliers: Applier[];
  facts: IncidentFact[];
  images: IncidentImage[];
  secrets: SecretTrace[];
  serviceAccount?: ServiceAccountTrace;
  risks: RiskFact[];
  /** verify's findings for the workload. */
  findings: Finding[];
  /** The bundles this incident relies on (without predicates). */
  evidence: Omit<AttestationEvidence, 'predicate'>[];
  /** Who to tell: owners (users and teams, `@org/team`), deployer owners after them, deduplicated. */
  notify: string[];
}
