import { CLUSTER_SNAPSHOT_SCHEMA, type ClusterSnapshot } from '@trailmark/core';
import { sortObjects } from './object-order.js';
import { withoutSecretData } from './secret-data.js';

/**
 * The text of a `trailmark snapshot` file (`schemas/cluster-snapshot.v1.schema.json`): members in a
 * fixed order (`schema`, `capturedAt`, `source`, `objects`), objects sorted by kind (in
 * `SNAPSHOT_KINDS` order), namespace and name, two-space indentation and a final newline, so the
 * same cluster state gives the same bytes. `notes` are not written; Secret values are dropped
 * again as a last guard.
 */
export function toSnapshotJson(snapshot: ClusterSnapshot): string {
  const { source } = snapshot;
  const document = {
    schema: CLUSTER_SNAPSHOT_SCHEMA,
    ...(snapshot.capturedAt === undefined ? {} : { capturedAt: snapshot.capturedAt }),
    source: {
      kind: source.kind,
      ...(source.context === undefined ? {} : { context: source.context }),
      ...(source.server === undefined ? {} : { server: source.server }),
      ...(source.file === undefined ? {} : { file: source.file }),
    },
    objects: sortObjects(snapshot.objects.map(withoutSecretData)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
