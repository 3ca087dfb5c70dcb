import { PREDICATE_TYPE, type SignerIdentity } from '@trailmark/core';

/**
 * Validates a predicate against its JSON Schema; returns one line per problem (empty = valid).
 * The facade passes one built from `schemas/` (a pure package reads no files).
 */
export type PredicateValidator = (predicateType: string, predicate: unknown) => string[];

/** The policy's predicate rules. */
export interface PredicateRules {
  /** Allowed SLSA builder ids; empty or absent = any. */
  builders?: readonly string[];
  /** Allowed source repository URIs; empty or absent = any. */
  repositories?: readonly string[];
  validatePredicate?: PredicateValidator;
}

type Json = Record<string, unknown>;

/**
 * Checks a verified statement's predicate: SLSA provenance v1 builder id and source repository;
 * deployment-origin shape and repository; the commit each names against the certificate's source
 * digest (Fulcio 1.3.6.1.4.1.57264.1.13) when both exist. Other predicate types pass (after the
 * schema validator, if it knows them).
 *
 * @returns the problem, or undefined.
 */
export function predicateProblem(
  statement: Json,
  signer: SignerIdentity,
  rules: PredicateRules,
): string | undefined {
  const { predicateType, predicate } = statement;
  if (typeof predicateType !== 'string' || predicateType === '')
    return 'the in-toto statement has no predicateType';
  const invalid = rules.validatePredicate?.(predicateType, predicate) ?? [];
  if (invalid.length > 0)
    return `the ${predicateType} predicate does not match its schema: ${invalid.slice(0, 3).join('; ')}`;
  if (predicateType === PREDICATE_TYPE.slsaProvenance) return slsaProblem(predicate, signer, rules);
  if (predicateType === PREDICATE_TYPE.deploymentOrigin)
    return originProblem(predicate, signer, rules);
  return undefined;
}

// SLSA v1: runDetails.builder.id, the source repository and commit it resolved.
function slsaProblem(predicate: unknown, signer: SignerIdentity, rules: PredicateRules) {
  if (!isRecord(predicate)) return 'the SLSA provenance predicate is not an object';
  const builder = field(field(predicate.runDetails, 'builder'), 'id');
  const builders = rules.builders ?? [];
  if (builders.length > 0 && (typeof builder !== 'string' || !builders.includes(builder))) {
    return `the SLSA builder id ${JSON.stringify(builder ?? null)} is not one the policy allows (${builders.join(', ')})`;
  }
  const definition = field(predicate, 'buildDefinition');
  const workflowRepo = field(
    field(field(definition, 'externalParameters'), 'workflow'),
    'repository',
  );
  const dependency = firstDependency(field(definition, 'resolvedDependencies'));
  const repository = typeof workflowRepo === 'string' ? workflowRepo : dependency?.repository;
  const repoProblem = repositoryProblem(repository, rules, 'SLSA provenance');
  if (repoProblem !== undefined) return repoProblem;
  return commitProblem(dependency?.commit, signer, 'SLSA provenance resolved dependency');
}

// Deployment origin: the fields verify reads, then repository and commit.
function originProblem(predicate: unknown, signer: SignerIdentity, rules: PredicateRules) {
  if (!isRecord(predicate)) return 'the deployment-origin predicate is not an object';
  if (!Array.isArray(predicate.objects) || !predicate.objects.every(isOriginObject))
    return 'the deployment-origin predicate has no objects list of {apiVersion, kind, name, images, annotationsDigest}';
  if (!Array.isArray(predicate.approvers))
    return 'the deployment-origin predicate has no approvers list';
  const repository = predicate.repository;
  if (repository !== undefined && !isRecord(repository))
    return 'the deployment-origin repository is not an object';
  const uri = repository?.uri;
  const repoProblem = repositoryProblem(
    typeof uri === 'string' ? uri : undefined,
    rules,
    'deployment-origin',
  );
  if (repoProblem !== undefined) return repoProblem;
  const commit = repository?.commit;
  return commitProblem(
    typeof commit === 'string' ? commit : undefined,
    signer,
    'deployment-origin repository',
  );
}

function repositoryProblem(
  repository: string | undefined,
  rules: PredicateRules,
  what: string,
): string | undefined {
  const allowed = rules.repositories ?? [];
  if (allowed.length === 0) return undefined;
  if (repository === undefined) return `the ${what} predicate names no source repository`;
  const wanted = new Set(allowed.map(normalizeRepository));
  if (wanted.has(normalizeRepository(repository))) return undefined;
  return `the ${what} predicate names repository ${repository}, not one the policy allows (${allowed.join(', ')})`;
}

function commitProblem(
  commit: string | undefined,
  signer: SignerIdentity,
  what: string,
): string | undefined {
  const certified = signer.sourceDigest;
  if (commit === undefined || certified === undefined) return undefined;
  if (commit.toLowerCase() === certified.toLowerCase()) return undefined;
  return `the ${what} commit ${commit} is not the commit the signing certificate names (${certified})`;
}

/**
 * `https://github.com/acme/shop` for `git+https://github.com/acme/shop@refs/heads/main`,
 * `https://github.com/acme/shop.git` and `https://github.com/acme/shop/`. Case is kept: exact
 * repositories are compared exactly.
 */
export function normalizeRepository(uri: string): string {
  return uri
    .replace(/^git\+/, '')
    .replace(/@[^/]*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

// SLSA's first resolved dependency: GitHub's buildType puts the source there.
function firstDependency(value: unknown): { repository?: string; commit?: string } | undefined {
  if (!Array.isArray(value) || !isRecord(value[0])) return undefined;
  const { uri, digest } = value[0];
  const commit = field(digest, 'gitCommit');
  return {
    ...(typeof uri === 'string' ? { repository: uri } : {}),
    ...(typeof commit === 'string' ? { commit } : {}),
  };
}

function isOriginObject(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.kind === 'string' &&
    typeof value.name === 'string' &&
    typeof value.apiVersion === 'string' &&
    typeof value.annotationsDigest === 'string' &&
    Array.isArray(value.images)
  );
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
