import { AttestError } from './error.js';

/** The members of a CycloneDX JSON BOM this package relies on; all others pass through untouched. */
export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  serialNumber?: string;
  [member: string]: unknown;
}

/**
 * The predicate of a `https://cyclonedx.org/bom` statement: the CycloneDX JSON BOM itself, as is
 * (the same object, not a copy), as `actions/attest` and cosign `--type cyclonedx` attach it.
 * Throws `ATTEST_INVALID_PREDICATE` unless `bom` is an object with `bomFormat: "CycloneDX"` and a
 * string `specVersion`. Schema validation of the BOM belongs to `sbom`.
 */
export function buildSbomPredicate(bom: unknown): CycloneDxBom {
  if (bom === null || typeof bom !== 'object' || Array.isArray(bom)) {
    throw new AttestError('ATTEST_INVALID_PREDICATE', 'the SBOM is not a JSON object');
  }
  const { bomFormat, specVersion } = bom as Record<string, unknown>;
  if (bomFormat !== 'CycloneDX') {
    throw new AttestError(
      'ATTEST_INVALID_PREDICATE',
      `the SBOM is not CycloneDX JSON: bomFormat is ${bomFormat === undefined ? 'missing' : JSON.stringify(bomFormat)}, expected "CycloneDX"`,
    );
  }
  if (typeof specVersion !== 'string' || specVersion === '') {
    throw new AttestError('ATTEST_INVALID_PREDICATE', 'the CycloneDX SBOM has no specVersion');
  }
  return bom as CycloneDxBom;
}
