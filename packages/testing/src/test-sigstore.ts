import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
  type HandlerFn,
} from '@sigstore/mock';

/** Which services {@link startTestSigstore} runs besides Fulcio and the OIDC endpoint. */
export interface TestSigstoreOptions {
  /** RFC 3161 TSA at `/api/v1/timestamp` (default true). */
  tsa?: boolean;
  /** Rekor v1 at `/api/v1/log/entries` (default true). */
  rekor?: boolean;
  /** Claims merged over the GitHub Actions defaults (e.g. a marker `jti`). */
  claims?: Record<string, string>;
  /** Services that answer every request with 503, to test outages and bounded retries. */
  down?: readonly TestService[];
  /**
   * Services that answer 500 with a body quoting the request (its body and Authorization header,
   * so the identity token) — what a misbehaving server or proxy does; for secret-leak tests.
   */
  echoing?: readonly TestService[];
}

/** The services of the test Sigstore. */
export type TestService = 'fulcio' | 'rekor' | 'tsa' | 'oidc';

/** A running test Sigstore on 127.0.0.1. */
export interface TestSigstore {
  url: string;
  fulcioURL: string;
  rekorURL: string | undefined;
  tsaServerURL: string | undefined;
  /** The environment GitHub Actions gives a job with `id-token: write`. */
  actionsEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** The token `/oidc` issues for audience `sigstore`. */
  identityToken: string;
  claims: Record<string, string>;
  /** The certificate SAN Fulcio issues for these claims, and the issuer extension. */
  san: string;
  issuer: string;
  /** A trusted_root v0.2 (JSON form) of the enabled services, each with a validity start. */
  trustedRoot: Record<string, unknown>;
  /** Every request received, in order: service and method. */
  requests: { service: TestService; method: string }[];
  close(): Promise<void>;
}

const ISSUER = 'https://token.actions.githubusercontent.com';
const REQUEST_TOKEN = 'test-actions-request-token';

/** GitHub Actions claims of a push to `main` of `acme/shop` running `release.yml`. */
export const GITHUB_ACTIONS_CLAIMS: Readonly<Record<string, string>> = {
  iss: ISSUER,
  sub: 'repo:acme/shop:ref:refs/heads/main',
  repository: 'acme/shop',
  repository_id: '123456789',
  repository_owner: 'acme',
  repository_owner_id: '987654',
  actor: 'octocat',
  event_name: 'push',
  ref: 'refs/heads/main',
  sha: '9f1c2b3a4d5e6f708192a3b4c5d6e7f809102132',
  run_id: '4242',
  run_attempt: '1',
  runner_environment: 'github-hosted',
  workflow_ref: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
  job_workflow_ref: 'acme/shop/.github/workflows/release.yml@refs/heads/main',
};

/**
 * Starts Fulcio, Rekor and a TSA (`@sigstore/mock`) and a GitHub Actions OIDC endpoint
 * (`GET /oidc?api-version=2.0&audience=…`, bearer {@link TestSigstore.actionsEnv}) on 127.0.0.1.
 *
 * Three fixes over the bare mock (docs/architecture.md, "Dependencies that need care"): one whole-second clock 2 s in the future for
 * every service (the mock TSA writes trimmed milliseconds that `@sigstore/core` rejects, and its
 * CA certificates start at the real "now"); Rekor canonicalises a proposed `dsse` entry as real
 * Rekor does (the mock stores it verbatim, which verifiers reject); and the SAN is
 * `https://github.com/` + `job_workflow_ref`, as Fulcio issues it for GitHub Actions.
 */
export async function startTestSigstore(options: TestSigstoreOptions = {}): Promise<TestSigstore> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const start = new Date(Math.floor(Date.now() / 1000) * 1000);
  const clock = new Date(start.getTime() + 2000);
  const services = await initializeServices(url, clock);
  const claims = { ...GITHUB_ACTIONS_CLAIMS, ...options.claims };
  const routes = mountRoutes(services, claims, options);
  const requests: TestSigstore['requests'] = [];
  server.on(
    'request',
    (req: IncomingMessage, res: ServerResponse) =>
      void route(
        routes,
        { down: new Set(options.down), echoing: new Set(options.echoing) },
        requests,
        req,
        res,
      ),
  );
  return {
    url,
    fulcioURL: url,
    rekorURL: options.rekor === false ? undefined : url,
    tsaServerURL: options.tsa === false ? undefined : url,
    actionsEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/oidc?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    },
    identityToken: unsignedJwt({ ...claims, aud: 'sigstore' }),
    claims,
    san: `https://github.com/${claims.job_workflow_ref ?? ''}`,
    issuer: claims.iss ?? ISSUER,
    trustedRoot: trustedRootOf(services, url, start, options),
    requests,
    close: () => closeServer(server),
  };
}

type Services = Awaited<ReturnType<typeof initializeServices>>;

// The mock's CA (with CT log), transparency log and TSA, all on one fixed clock.
async function initializeServices(url: string, clock: Date) {
  const p256 = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ctlog = await initializeCTLog(p256(), clock);
  return {
    ctlog,
    ca: await initializeCA(p256(), ctlog, clock),
    tlog: await initializeTLog(url, p256(), clock),
    tsa: await initializeTSA(p256(), clock),
  };
}

type Route = {
  service: TestService;
  fn: (
    body: string,
    query: URLSearchParams,
    headers: IncomingMessage['headers'],
  ) => ReturnType<HandlerFn>;
};

// Path → handler for the enabled services.
function mountRoutes(
  services: Services,
  claims: Record<string, string>,
  options: TestSigstoreOptions,
): Map<string, Route> {
  // Fulcio for GitHub Actions: SAN https://github.com/<job_workflow_ref>.
  const fulcio = fulcioHandler(githubFulcio(services.ca), { subjectClaim: 'job_workflow_ref' });
  const routes = new Map<string, Route>([
    [fulcio.path, { service: 'fulcio', fn: (body) => fulcio.fn(body) }],
    [
      '/oidc',
      {
        service: 'oidc',
        fn: (_body, query, headers) => Promise.resolve(oidcAnswer(claims, query, headers)),
      },
    ],
  ]);
  if (options.rekor !== false) {
    const rekor = rekorHandler(services.tlog);
    routes.set(rekor.path, { service: 'rekor', fn: (body) => rekor.fn(canonicalEntry(body)) });
  }
  if (options.tsa !== false) {
    const tsa = tsaHandler(services.tsa);
    routes.set(tsa.path, { service: 'tsa', fn: (body) => tsa.fn(body) });
  }
  return routes;
}

function githubFulcio(ca: Services['ca']): Services['ca'] {
  return {
    rootCertificate: ca.rootCertificate,
    issueCertificate: (request) =>
      ca.issueCertificate({
        ...request,
        subjectAltName: `https://github.com/${request.subjectAltName}`,
      }),
  };
}

// GitHub's token endpoint: bearer auth, audience from the query, the token in {value}.
function oidcAnswer(
  claims: Record<string, string>,
  query: URLSearchParams,
  headers: IncomingMessage['headers'],
) {
  if (headers.authorization?.toLowerCase() !== `bearer ${REQUEST_TOKEN}`)
    return {
      statusCode: 401,
      response: '{"message":"bad bearer"}',
      contentType: 'application/json',
    };
  const audience = query.get('audience');
  if (query.get('api-version') !== '2.0' || audience === null)
    return {
      statusCode: 400,
      response: '{"message":"api-version and audience required"}',
      contentType: 'application/json',
    };
  return {
    statusCode: 200,
    response: JSON.stringify({ value: unsignedJwt({ ...claims, aud: audience }) }),
    contentType: 'application/json',
  };
}

/** An unsigned (`alg: none`) JWT: the mock Fulcio decodes without verifying. */
function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = 1_700_000_000;
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...claims, iat, nbf: iat, exp: iat + 3600 })}.`;
}

// Real Rekor stores a dsse 0.0.1 entry as {envelopeHash, payloadHash, signatures[{signature, verifier}]}.
function canonicalEntry(body: string): string {
  const entry = JSON.parse(body) as {
    kind?: string;
    spec?: { proposedContent?: { envelope: string; verifiers: string[] } };
  };
  const proposed = entry.spec?.proposedContent;
  if (entry.kind !== 'dsse' || proposed === undefined) return body;
  const envelope = JSON.parse(proposed.envelope) as {
    payload: string;
    signatures: { sig: string }[];
  };
  const sha256 = (data: Buffer | string): { algorithm: string; value: string } => ({
    algorithm: 'sha256',
    value: createHash('sha256').update(data).digest('hex'),
  });
  const spec = {
    envelopeHash: sha256(proposed.envelope),
    payloadHash: sha256(Buffer.from(envelope.payload, 'base64')),
    signatures: envelope.signatures.map((signature, i) => ({
      signature: signature.sig,
      verifier: proposed.verifiers[i] ?? proposed.verifiers[0],
    })),
  };
  return JSON.stringify({ apiVersion: '0.0.1', kind: 'dsse', spec });
}

// One request: read the body, find the route (or 404/503), answer.
async function route(
  routes: Map<string, Route>,
  faults: { down: Set<TestService>; echoing: Set<TestService> },
  log: TestSigstore['requests'],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = new URL(req.url ?? '/', 'http://127.0.0.1');
  const handler = routes.get(target.pathname);
  if (handler !== undefined) log.push({ service: handler.service, method: req.method ?? '' });
  const body = Buffer.concat(chunks).toString('utf8');
  const result =
    handler === undefined
      ? { statusCode: 404, response: 'not found' }
      : faults.down.has(handler.service)
        ? { statusCode: 503, response: 'service down (test)' }
        : faults.echoing.has(handler.service)
          ? echoAnswer(body, req.headers)
          : await handler.fn(body, target.searchParams, req.headers);
  const answer =
    typeof result.response === 'string'
      ? result.response
      : Buffer.from(result.response.buffer, result.response.byteOffset, result.response.byteLength);
  res
    .writeHead(result.statusCode, { 'Content-Type': result.contentType ?? 'text/plain' })
    .end(answer);
}

// A 500 whose message quotes the request, credentials and all.
function echoAnswer(body: string, headers: IncomingMessage['headers']) {
  const message = `internal error handling ${body} (authorization: ${headers.authorization ?? 'none'})`;
  return {
    statusCode: 500,
    response: JSON.stringify({ code: 500, message }),
    contentType: 'application/json',
  };
}

// trusted_root v0.2 JSON: bytes base64, times RFC 3339; only the services that run.
function trustedRootOf(
  services: Services,
  url: string,
  start: Date,
  options: TestSigstoreOptions,
): Record<string, unknown> {
  const b64 = (bytes: ArrayBufferView): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const validFor = { start: start.toISOString() };
  const logOf = (publicKey: Buffer, keyId: ArrayBufferView) => ({
    baseUrl: url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: b64(publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
    logId: { keyId: b64(keyId) },
  });
  const authority = (commonName: string, certificates: ArrayBufferView[]) => ({
    subject: { organization: 'sigstore.mock', commonName },
    uri: url,
    certChain: { certificates: certificates.map((cert) => ({ rawBytes: b64(cert) })) },
    validFor,
  });
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot.v0.2+json',
    tlogs:
      options.rekor === false
        ? []
        : [
            logOf(
              services.tlog.publicKey,
              createHash('sha256').update(services.tlog.publicKey).digest(),
            ),
          ],
    certificateAuthorities: [authority('fulcio', [services.ca.rootCertificate])],
    ctlogs: [logOf(services.ctlog.publicKey, services.ctlog.logID)],
    timestampAuthorities:
      options.tsa === false
        ? []
        : [authority('tsa', [services.tsa.intCertificate, services.tsa.rootCertificate])],
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
  });
}
