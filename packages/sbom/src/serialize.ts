// The library's parts by their own entry points: its index would also load its validators,
// contrib helpers and resources, which trailmark never uses.
import type * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import { SbomError } from './error.js';
import { sortBomLists } from './sort-bom.js';

/** CycloneDX versions trailmark writes (those the library serialises and validates). */
export type BomSpecVersion = '1.5' | '1.6' | '1.7';

/** The default output version. */
export const DEFAULT_SPEC_VERSION: BomSpecVersion = '1.6';

const SPECS: Readonly<Record<string, (typeof Spec)['Spec1dot6'] | undefined>> = {
  '1.5': Spec.Spec1dot5,
  '1.6': Spec.Spec1dot6,
  '1.7': Spec.Spec1dot7,
};

/**
 * Serialises a BOM as CycloneDX JSON (2-space indent, trailing newline) with every list sorted
 * by code units, so equal inputs give equal bytes. Throws `SBOM_UNSUPPORTED_VERSION` for a
 * spec version other than 1.5, 1.6 or 1.7.
 */
export function serializeBom(bom: Models.Bom, spec: BomSpecVersion = DEFAULT_SPEC_VERSION): string {
  const protocol = SPECS[spec];
  if (protocol === undefined) {
    throw new SbomError(
      'SBOM_UNSUPPORTED_VERSION',
      `CycloneDX ${spec} is not supported; use 1.5, 1.6 or 1.7`,
    );
  }
  const serializer = new NormalizingSerializer(new Serialize.JSON.Normalize.Factory(protocol));
  serializer.serialize(bom, { sortLists: false });
  // Not the library's `sortLists`: it sorts with localeCompare, and sortBomLists sorts every list
  // trailmark writes anyway (by keys that tell items apart, so earlier order never shows).
  return `${JSON.stringify(sortBomLists(serializer.normalized), null, 2)}\n`;
}

/**
 * The library's JSON serialiser up to its last step: the normalised document it would pass to
 * `JSON.stringify`, kept as is (plain JSON data: strings, numbers, arrays and objects), which
 * spares a stringify and parse of the whole document before sorting.
 */
class NormalizingSerializer extends Serialize.JsonSerializer {
  normalized: Record<string, unknown> = {};

  protected override _serialize(normalized: object): string {
    this.normalized = normalized as Record<string, unknown>;
    return '';
  }
}
