import { describe, expect, it } from 'vitest';
import { PREDICATE_TYPE } from '@trailmark/core';
import { bundleFileName } from '../src/sign-file-name.js';

describe('bundleFileName', () => {
  it.each([
    [PREDICATE_TYPE.slsaProvenance, undefined, 'provenance.sigstore.json'],
    [PREDICATE_TYPE.cyclonedx, undefined, 'sbom.sigstore.json'],
    [PREDICATE_TYPE.deploymentOrigin, undefined, 'deployment-origin.sigstore.json'],
    [PREDICATE_TYPE.cyclonedx, 'ghcr.io/acme/shop', 'sbom.ghcr.io_acme_shop.sigstore.json'],
    [
      PREDICATE_TYPE.slsaProvenance,
      'ghcr.io/acme/shop@sha256:abc',
      'provenance.ghcr.io_acme_shop_sha256_abc.sigstore.json',
    ],
    [
      PREDICATE_TYPE.deploymentOrigin,
      '../../etc/passwd',
      'deployment-origin._._.._etc_passwd.sigstore.json',
    ],
    [PREDICATE_TYPE.deploymentOrigin, '.hidden', 'deployment-origin._hidden.sigstore.json'],
    [
      'https://example.com/attestation/test/v1',
      undefined,
      'example.com_attestation_test_v1.sigstore.json',
    ],
    ['urn:x:y', undefined, 'urn_x_y.sigstore.json'],
  ])('%s, subject %s → %s', (predicateType, subject, expected) => {
    expect(bundleFileName(predicateType, subject)).toBe(expected);
  });

  it('never contains a path separator and keeps parts at 120 characters', () => {
    const name = bundleFileName(PREDICATE_TYPE.cyclonedx, 'a/'.repeat(200));
    expect(name).not.toMatch(/[/\\]/);
    expect(name.length).toBe('sbom.'.length + 120 + '.sigstore.json'.length);
  });

  it.each([
    ['', undefined, 'ATTEST_INVALID_PREDICATE'],
    ['https://', undefined, 'ATTEST_INVALID_PREDICATE'],
    [PREDICATE_TYPE.cyclonedx, '', 'ATTEST_INVALID_SUBJECT'],
  ])('%j, subject %j → %s', (predicateType, subject, code) => {
    expect(() => bundleFileName(predicateType, subject)).toThrow(expect.objectContaining({ code }));
  });
});
