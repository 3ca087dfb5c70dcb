import { attachArtifactToImage, type AttachArtifactOptions, type Credentials } from '@sigstore/oci';
import { foreignCause } from '@trailmark/core';
import { OciError } from './error.js';
import {
  BUNDLE_CONTENT_ANNOTATION,
  BUNDLE_MEDIA_TYPE,
  OCI_INDEX,
  PREDICATE_TYPE_ANNOTATION,
  ZERO_DIGEST,
} from './media-types.js';
import { readReferrersApi } from './read-bundles.js';
import type { RegistryCredentials, RegistryHttp } from './registry-http.js';
import { referrersTag, type SubjectImage } from './subject-image.js';

/** Where a pushed bundle can be found by verifiers. */
export interface PushedBundle {
  /** Digest of the referrer manifest that carries the bundle. */
  digest: string;
  /**
   * `referrers`: the registry announced the subject (`OCI-Subject`) and serves the referrers API, so
   * @sigstore/oci wrote no tag. `tag`: it wrote the `sha256-<hex>` tag index, read back to confirm.
   */
  via: 'referrers' | 'tag';
}

/** What {@link pushBundle} needs besides the bundle. */
export interface PushContext {
  http: RegistryHttp;
  credentials: RegistryCredentials | undefined;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
}

/** Attaches `bundleJson` to the subject image as an OCI referrer with @sigstore/oci. */
export async function pushBundle(
  subject: SubjectImage,
  bundleJson: string,
  predicateType: string,
  context: PushContext,
): Promise<PushedBundle> {
  // @sigstore/oci signs in whenever credentials are passed, and fails ("Invalid challenge") on a
  // registry that asks for none, so credentials go only to a registry that challenges.
  const credentials =
    context.credentials !== undefined && (await context.http.challenges())
      ? context.credentials
      : undefined;
  const descriptor = await attach(subject, bundleJson, predicateType, credentials, context);
  // The same rule @sigstore/oci applies: no tag index when the subject is announced and the API answers.
  const referrersApi =
    descriptor.subjectDigest !== undefined && (await hasReferrersApi(context.http, subject));
  if (referrersApi) return { digest: descriptor.digest, via: 'referrers' };
  await confirmTagIndex(context.http, subject, descriptor.digest);
  return { digest: descriptor.digest, via: 'tag' };
}

async function attach(
  subject: SubjectImage,
  bundleJson: string,
  predicateType: string,
  credentials: RegistryCredentials | undefined,
  context: PushContext,
): Promise<{ digest: string; subjectDigest?: string }> {
  try {
    return await attachArtifactToImage({
      imageName: `${subject.registry}/${subject.repository}`,
      imageDigest: subject.digest,
      artifact: Buffer.from(bundleJson, 'utf8'),
      mediaType: BUNDLE_MEDIA_TYPE,
      annotations: {
        [BUNDLE_CONTENT_ANNOTATION]: bundleJson.includes('"dsseEnvelope"')
          ? 'dsse-envelope'
          : 'message-signature',
        [PREDICATE_TYPE_ANNOTATION]: predicateType,
      },
      // Its type says required, but `undefined` is what an anonymous registry needs (see above).
      credentials: credentials as Credentials,
      fetchOpts: fetchOptions(context),
    });
  } catch (err) {
    throw toPushError(err, subject, credentials !== undefined);
  }
}

/** Bounded retries for @sigstore/oci (promise-retry options); proxies stay make-fetch-happen's. */
function fetchOptions(context: PushContext): NonNullable<AttachArtifactOptions['fetchOpts']> {
  const retry = {
    retries: context.retries,
    factor: 2,
    minTimeout: context.retryDelayMs,
    maxTimeout: context.retryDelayMs * 8,
  };
  // The declared type lists proxy/noProxy as required because make-fetch-happen's types are absent.
  return { retry, timeout: context.timeoutMs } as unknown as NonNullable<
    AttachArtifactOptions['fetchOpts']
  >;
}

async function hasReferrersApi(http: RegistryHttp, subject: SubjectImage): Promise<boolean> {
  return (
    (await readReferrersApi(
      http,
      subject,
      `/v2/${subject.repository}/referrers/${ZERO_DIGEST}`,
    )) !== undefined
  );
}

async function confirmTagIndex(
  http: RegistryHttp,
  subject: SubjectImage,
  digest: string,
): Promise<void> {
  const tag = referrersTag(subject.digest);
  const response = await http.request(
    'GET',
    `/v2/${subject.repository}/manifests/${tag}`,
    OCI_INDEX,
  );
  const index =
    response.status === 404
      ? {}
      : ((await response.json().catch(() => ({}))) as { manifests?: { digest?: unknown }[] });
  if (index.manifests?.some((entry) => entry.digest === digest) !== true) {
    throw new OciError(
      'OCI_PROTOCOL',
      `registry ${subject.registry} accepted referrer ${digest} of ${subject.reference} but tag ${tag} does not list it`,
    );
  }
}

/**
 * Maps @sigstore/oci's failure (an `OCIError` wrapping an `HTTPError` with `statusCode`, or a
 * fetch error with a `code`) to our codes. Its messages may carry URLs, never credentials; ours
 * name the image only.
 */
function toPushError(err: unknown, subject: SubjectImage, sentCredentials: boolean): OciError {
  const cause = err instanceof Error && err.cause !== undefined ? err.cause : err;
  const status = fieldOf(cause, 'statusCode');
  const where = `pushing a bundle to ${subject.reference}`;
  if (status === 401 || status === 403) {
    const why = sentCredentials ? 'rejected the credentials' : 'requires credentials';
    return new OciError(
      'OCI_AUTH',
      `registry ${subject.registry} ${why} (HTTP ${status}) while ${where}`,
      { cause: foreignCause(err) },
    );
  }
  if (status === 404)
    return new OciError(
      'OCI_NOT_FOUND',
      `image ${subject.reference} was not found in its registry`,
      { cause: foreignCause(err) },
    );
  if (typeof status === 'number' && status >= 500) {
    return new OciError(
      'OCI_UNREACHABLE',
      `registry ${subject.registry} kept failing (HTTP ${status}) after ${where} was retried`,
      { cause: foreignCause(err) },
    );
  }
  const code = fieldOf(cause, 'code');
  if (typeof code === 'string' && /^E[A-Z]+/.test(code)) {
    return new OciError(
      'OCI_UNREACHABLE',
      `registry ${subject.registry} could not be reached (${code}) while ${where}`,
      { cause: foreignCause(err) },
    );
  }
  const detail = typeof status === 'number' ? `HTTP ${status}` : 'unexpected answer';
  return new OciError('OCI_PROTOCOL', `registry ${subject.registry} failed ${where} (${detail})`, {
    cause: foreignCause(err),
  });
}

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
