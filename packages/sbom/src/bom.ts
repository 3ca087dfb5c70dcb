import * as Models from '@cyclonedx/cyclonedx-library/Models';
import type { SourceLocation } from '@trailmark/core';
import type { ComponentKind } from './bom-draft.js';
import { sourceValue } from './bom-draft.js';
import type { DraftMap, ExtraComponent } from './bom-collect.js';
import { collectExtras, collectLockfiles } from './bom-collect.js';
import { componentType, toComponent } from './bom-models.js';
import { SbomError } from './error.js';
import type { Lockfile } from './lockfile.js';

/** What the BOM is about: the repository, chart or release being described. */
export interface MetadataComponentInput {
  name: string;
  version?: string;
  type?: ComponentKind;
  /** Defaults to `release:<name>`. */
  bomRef?: string;
  purl?: string;
  /** The line that declares it (a chart's `Chart.yaml` name line): its `trailmark:source`. */
  source?: SourceLocation;
}

/** Everything {@link buildBom} needs; clock and randomness come in as values. */
export interface BuildBomInput {
  lockfiles: readonly Lockfile[];
  metadataComponent: MetadataComponentInput;
  /** `urn:uuid:<lowercase uuid>`. */
  serialNumber: string;
  /** ISO 8601 date-time (e.g. from `SOURCE_DATE_EPOCH`). */
  timestamp: string;
  toolVersion: string;
  /** Components from other sources (images, charts); merged by purl with lockfile components. */
  extraComponents?: readonly ExtraComponent[];
}

const SERIAL = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Builds the CycloneDX model of a deployment: one component per distinct package (equal purls
 * merged across lockfiles, each sighting kept as a `trailmark:source` property), one
 * `application` component per lockfile root, the extra components, and the dependency graph.
 * The metadata component depends on every lockfile root and on the top-level extras.
 */
export function buildBom(input: BuildBomInput): Models.Bom {
  checkStamps(input);
  // Draft components: lockfile packages and roots first, then the extras.
  const drafts: DraftMap = new Map();
  const roots = collectLockfiles(input.lockfiles, drafts);
  const topExtras = collectExtras(input.extraComponents ?? [], drafts);
  // Turn drafts into models with their edges.
  const components = toModels(drafts);
  // Assemble the BOM around the metadata component, which depends on roots and top extras.
  const bom = new Models.Bom({ serialNumber: input.serialNumber });
  bom.metadata.timestamp = new Date(input.timestamp);
  bom.metadata.tools.components.add(toolComponent(input.toolVersion));
  const root = metadataComponent(input.metadataComponent);
  for (const ref of [...roots, ...topExtras]) {
    const target = components.get(ref);
    if (target !== undefined) root.dependencies.add(target.bomRef);
  }
  bom.metadata.component = root;
  for (const component of components.values()) bom.components.add(component);
  return bom;
}

/** Models by bom-ref; edges link the very BomRef objects the models own (the library needs that). */
function toModels(drafts: DraftMap): Map<string, Models.Component> {
  const components = new Map(
    [...drafts.values()].map((draft) => [draft.bomRef, toComponent(draft)]),
  );
  for (const draft of drafts.values()) {
    const component = components.get(draft.bomRef);
    for (const ref of draft.dependsOn) {
      const target = components.get(ref);
      if (component !== undefined && target !== undefined)
        component.dependencies.add(target.bomRef);
    }
  }
  return components;
}

function toolComponent(version: string): Models.Component {
  return new Models.Component(componentType('application'), 'trailmark', {
    version,
    bomRef: 'tool:trailmark',
  });
}

function checkStamps(input: BuildBomInput): void {
  if (!SERIAL.test(input.serialNumber)) {
    throw new SbomError(
      'SBOM_VALIDATION',
      `serial number ${JSON.stringify(input.serialNumber)} is not urn:uuid:<lowercase uuid>`,
    );
  }
  if (Number.isNaN(Date.parse(input.timestamp))) {
    throw new SbomError(
      'SBOM_VALIDATION',
      `timestamp ${JSON.stringify(input.timestamp)} is not a date-time`,
    );
  }
}

function metadataComponent(input: MetadataComponentInput): Models.Component {
  const component = new Models.Component(componentType(input.type ?? 'application'), input.name, {
    bomRef: input.bomRef ?? `release:${input.name}`,
  });
  if (input.version !== undefined) component.version = input.version;
  if (input.purl !== undefined) component.purl = input.purl;
  if (input.source !== undefined)
    component.properties.add(new Models.Property('trailmark:source', sourceValue(input.source)));
  return component;
}
