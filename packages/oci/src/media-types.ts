/** Media type (and OCI `artifactType`) of a Sigstore bundle v0.3. */
export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

/** Prefix shared by every Sigstore bundle media type (v0.1 to v0.3 spell it differently). */
export const BUNDLE_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.bundle';

/** Referrer manifest annotation naming the in-toto predicate type of the bundle. */
export const PREDICATE_TYPE_ANNOTATION = 'dev.sigstore.bundle.predicateType';

/** Referrer manifest annotation saying what the bundle signs (`dsse-envelope` or `message-signature`). */
export const BUNDLE_CONTENT_ANNOTATION = 'dev.sigstore.bundle.content';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The digest @sigstore/oci (and the OCI spec's examples) use to ask whether the referrers API exists. */
export const ZERO_DIGEST = `sha256:${'0'.repeat(64)}`;

/** Accept header for any image manifest or index, OCI or Docker. */
export const ANY_MANIFEST = [
  OCI_MANIFEST,
  OCI_INDEX,
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');
