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
  SourceOrigin,
} from './origin.js';
export { createSchemaValidator, formatSchemaIssues } from './schema.js';
export type { SchemaIssue, SchemaValidator } from './schema.js';
export { lineAt, lineStarts } from './text-lines.js';
export { globToRegExp } from './glob.js';
export type { GlobOptions } from './glob.js';
