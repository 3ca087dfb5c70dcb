export {
  ANNOTATION,
  ANNOTATIONS_SIZE_LIMIT,
  HELM4_FILENAME_ANNOTATION,
  KUSTOMIZE_ORIGIN_ANNOTATION,
  MINIMAL_ANNOTATIONS,
  ORIGIN_LABEL,
  POD_TEMPLATE_ANNOTATIONS,
  TRAILMARK_PREFIX,
  isTrailmarkKey,
} from './annotations.js';
export type { AnnotationKey } from './annotations.js';
export { compareCodeUnits, toCanonicalJson } from './canonical-json.js';
export type { JsonValue } from './canonical-json.js';
export { annotationsDigest, isSha256Digest, originId, sha256Hex } from './digest.js';
export { TrailmarkError, formatLocation, isTrailmarkError } from './error.js';
export { asFileError, fileErrorOf } from './file-error.js';
export type { FileOperation, FileRole } from './file-error.js';
export { ForeignCause, foreignCause } from './foreign-cause.js';
export { scrubSecrets } from './secret-shapes.js';
export type {
  CoreErrorCode,
  InputErrorCode,
  SourceLocation,
  TrailmarkErrorOptions,
} from './error.js';
export {
  imageName,
  parseImageRef,
  pinApplies,
  sameRepository,
  tryParseImageRef,
  withDigest,
} from './image-ref.js';
export type { ImageRef } from './image-ref.js';
export { IMAGE_PIN_DEPRECATED, parseImagePin } from './image-pin.js';
export type { ImagePin } from './image-pin.js';
export type {
  ChartRef,
  ImageUse,
  Introducer,
  ObjectSource,
  Operator,
  OriginObject,
  OriginRecords,
  RunFacts,
  SecretRef,
  SecretVia,
  ServiceAccountRef,
  SourceMatch,
  SourceOrigin,
} from './origin.js';
export { formatSchemaIssues, schemaValidatorOf } from './schema.js';
export { createSchemaValidator } from './schema-compile.js';
export type {
  CompiledSchema,
  CompiledSchemaError,
  SchemaIssue,
  SchemaValidator,
} from './schema.js';
export { lineAt, lineStarts } from './text-lines.js';
export { globToRegExp } from './glob.js';
export type { GlobOptions } from './glob.js';
export { IN_TOTO_PAYLOAD_TYPE, PREDICATE_TYPE, STATEMENT_TYPE } from './statement.js';
export type { Statement, Subject, SubjectDigestAlgorithm } from './statement.js';
export type { ChangeRef, DeploymentOrigin } from './deployment-origin.js';
export {
  containerImages,
  podSpecOf,
  podTemplatePath,
  secretUses,
  serviceAccountOf,
} from './pod-spec.js';
export type { ContainerImage, SecretUse } from './pod-spec.js';
export {
  CLUSTER_SNAPSHOT_SCHEMA,
  SNAPSHOT_KINDS,
  controllerReference,
  objectKey,
} from './cluster.js';
export type {
  ClusterSnapshot,
  ClusterSourceKind,
  KubeObject,
  ManagedFieldsEntry,
  ObjectMeta,
  OwnerReference,
  SnapshotKind,
} from './cluster.js';
export { FINDING_CODES, SEVERITIES, VERIFY_REPORT_SCHEMA } from './verify-report.js';
export type {
  AppliedException,
  AttestationEvidence,
  ContainerReport,
  EvidenceRejection,
  EvidenceSource,
  Finding,
  FindingCode,
  ObjectRef,
  RiskFact,
  RiskKind,
  Severity,
  SignerIdentity,
  VerifyReport,
  WorkloadOrigin,
  WorkloadReport,
} from './verify-report.js';
export { ALERT_FORMATS, INCIDENT_SCHEMA } from './incident.js';
export type {
  AlertFormat,
  Applier,
  BindingTrace,
  Deployer,
  Incident,
  IncidentFact,
  IncidentImage,
  NormalizedAlert,
  ResolutionVia,
  SecretOrigin,
  SecretTrace,
  ServiceAccountTrace,
} from './incident.js';
