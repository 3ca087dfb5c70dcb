import { compareCodeUnits } from '@trailmark/core';
import type {
  ChangeRef,
  ChartRef,
  DeploymentOrigin,
  OriginRecords,
  RunFacts,
} from '@trailmark/core';
import { compact, sortObjects, toChart, toPredicateObject } from './deployment-origin-object.js';
import { AttestError } from './error.js';

/** Facts the origin records do not carry, supplied by the facade. */
export interface DeploymentOriginExtra {
  /** The chart being released (`name@version` and its repo-relative directory). */
  chart?: ChartRef;
  change?: ChangeRef;
  /** The SLSA `builder.id` of the run, so verify can join this record to the build provenance. */
  builderId?: string;
}

const RECORDS_SCHEMA = 'https://trailmark.dev/origin-records/v1';

/**
 * Builds the deployment-origin predicate from stamp's origin records (docs/attest.md). Records are
 * expected to be valid against `origin-records.v1` (the facade validates the file it reads); this
 * adds the chart, change and builder id, keeps only known members in schema order, sorts
 * approvers and objects, and throws `ATTEST_INVALID_PREDICATE` for a wrong records version, two
 * records of one object, a malformed annotations digest or a bad change reference.
 */
export function buildDeploymentOrigin(
  records: OriginRecords,
  extra: DeploymentOriginExtra = {},
): DeploymentOrigin {
  // The type says v1, but records arrive as parsed JSON: check the version the file claims.
  const schema: unknown = records.schema;
  if (schema !== RECORDS_SCHEMA)
    invalid(`origin records schema is ${JSON.stringify(schema)}, expected "${RECORDS_SCHEMA}"`);
  return compact({
    repository: toRepository(records.repository),
    chart: extra.chart && toChart(extra.chart),
    environment: records.environment,
    build: toBuild(records.build, extra.builderId),
    operator:
      records.operator &&
      compact({ id: records.operator.id, workflowRef: records.operator.workflowRef }),
    approvers: [...new Set(records.approvers)].sort(compareCodeUnits),
    change: extra.change && toChange(extra.change),
    objects: sortObjects(records.objects.map(toPredicateObject)),
  });
}

function toRepository(repository: RunFacts['repository']): DeploymentOrigin['repository'] {
  return (
    repository &&
    nonEmpty(compact({ uri: repository.uri, commit: repository.commit, ref: repository.ref }))
  );
}

// The run's build facts, with the SLSA builder id when the facade knows it.
function toBuild(
  build: RunFacts['build'],
  builderId: string | undefined,
): DeploymentOrigin['build'] {
  if (builderId?.trim() === '') invalid('builderId is empty');
  const merged = compact({
    runUrl: build?.runUrl,
    workflow: build?.workflow,
    builderId: builderId ?? build?.builderId,
  });
  return nonEmpty(merged);
}

// A pull request number is a positive integer and its URL an http(s) URL.
function toChange(change: ChangeRef): ChangeRef | undefined {
  const { pullRequest, url } = change;
  if (pullRequest !== undefined && !(Number.isSafeInteger(pullRequest) && pullRequest > 0)) {
    invalid(`change.pullRequest ${String(pullRequest)} is not a positive integer`);
  }
  if (url !== undefined && !/^https?:\/\/\S+$/.test(url))
    invalid(`change.url "${url}" is not an http(s) URL`);
  return nonEmpty(compact({ pullRequest, url }));
}

function nonEmpty<T extends object>(value: T): T | undefined {
  return Object.keys(value).length > 0 ? value : undefined;
}

function invalid(message: string): never {
  throw new AttestError('ATTEST_INVALID_PREDICATE', `deployment origin: ${message}`);
}
