import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compress } from 'snappyjs';
import { createIssueStore, type FakeIssue, type FakeIssueSeed } from './fake-github-issues.js';

/** The payload shapes the fake serves, from `fixtures/github/` (see its README for their origin). */
export const GITHUB_FIXTURES = {
  attestationCreated: fixture('attestation-created.json') as { id: number },
  attestationsList: fixture('attestations-list.json') as {
    attestations: { bundle: Record<string, unknown>; repository_id: number }[];
  },
  commitPulls: fixture('commit-pulls.json') as Record<string, unknown>[],
  pullReviews: fixture('pull-reviews.json') as Record<string, unknown>[],
  repository: fixture('repository.json') as Record<string, unknown>,
  issueCreated: fixture('issue-created.json') as Record<string, unknown>,
  issueCommentCreated: fixture('issue-comment-created.json') as Record<string, unknown>,
  searchIssues: fixture('search-issues.json') as Record<string, unknown>,
  searchRefused: fixture('error-422-search.json') as Record<string, unknown>,
};

/** The commit of `acme/shop` that the default fixtures know: PR #42's head. */
export const FAKE_GITHUB_COMMIT = '9f1c2e3d4b5a69788796a5b4c3d2e1f0a9b8c7d6';

/** Options of {@link startFakeGithub}. */
export interface FakeGithubOptions {
  /** The only token accepted (as `token X` or `Bearer X`). */
  token?: string;
  /** `owner/repo@sha` → pull-request-simple items (default: acme/shop@{@link FAKE_GITHUB_COMMIT} → PR #42). */
  pullsByCommit?: Record<string, unknown[]>;
  /** `owner/repo#number` → pull-request-review items (default: acme/shop#42 → the fixture's four reviews). */
  reviewsByPull?: Record<string, unknown[]>;
  /** `owner/repo#number` → login in `merged_by` of `GET …/pulls/{n}` (default: acme/shop#42 → `dave`). */
  mergedBy?: Record<string, string>;
  /**
   * `owner/repo` → `visibility` of `GET /repos/{o}/{r}` (default: acme/shop → `public`); a
   * repository not listed is a 404, as GitHub answers for one the token cannot see.
   */
  visibility?: Record<string, 'public' | 'private' | 'internal'>;
  /**
   * `owner/repo@sha256:<hex>` → Sigstore bundles (JSON objects) that `GET
   * /repos/{o}/{r}/attestations/{subject_digest}` lists; bundles uploaded with `POST …/attestations`
   * are listed too, under each sha256 subject of their DSSE statement.
   */
  attestations?: Record<string, unknown[]>;
  /**
   * List attestations as GitHub does since mid-2026: `bundle: null` and a `bundle_url` to a
   * pre-signed blob (`GET /_blobs/<n>`, no token needed) serving the bundle Snappy-compressed.
   */
  bundleUrls?: boolean;
  /** `x-ratelimit-limit` (default 5000); each request uses one. */
  rateLimit?: number;
  /** `owner/repo` → issues present from the start (the repository must be in `visibility`). */
  issues?: Record<string, FakeIssueSeed[]>;
  /**
   * `lagging` (default, as GitHub's search index): issues created through the API are found by
   * `GET /search/issues` only after {@link FakeGithub.indexSearch}; `immediate`: at once.
   */
  searchIndexing?: 'lagging' | 'immediate';
}

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, the raw text when not JSON, `undefined` when empty. */
  body: unknown;
}

/** A fake GitHub REST API on 127.0.0.1. */
export interface FakeGithub {
  /** `http://127.0.0.1:<port>`, the `baseUrl` to give the client. */
  url: string;
  token: string;
  /** Every request, in order, including rejected and failed ones. */
  requests: RecordedRequest[];
  /**
   * The next `count` requests (any route) answer `status` with GitHub's error body for it, and the
   * given headers (e.g. `retry-after`, `x-ratelimit-remaining`) over the usual ones; with `path`
   * (and `method`), only those requests fail (e.g. `POST /repos/acme/shop/issues`), others pass.
   */
  failNext(status: number, count?: number, options?: FailureOptions): void;
  /** `owner/repo`'s issues (created or seeded), by number, with their comments. */
  issues(name: string): FakeIssue[];
  /** Lets search find every issue created so far (GitHub's index catching up). */
  indexSearch(): void;
  stop(): Promise<void>;
}

/** Options of {@link FakeGithub.failNext}. */
export interface FailureOptions {
  headers?: Record<string, string>;
  body?: unknown;
  path?: string;
  method?: string;
}

/** An answer of the fake: status, JSON body (or bytes) and headers over the usual ones. */
export interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const ERROR_BODIES: Record<number, string> = {
  401: 'error-401.json',
  403: 'error-403-permission.json',
  404: 'error-404.json',
  429: 'error-429-secondary.json',
};

/**
 * Starts a node:http server that answers the routes trailmark uses with recorded GitHub payload
 * shapes: `GET /repos/{o}/{r}` (visibility), `POST /repos/{o}/{r}/attestations`, `GET
 * /repos/{o}/{r}/attestations/{subject_digest}` (404 when none), `GET /repos/{o}/{r}/commits/{sha}/pulls` and `GET
 * /repos/{o}/{r}/pulls/{n}/reviews` (paginated with `per_page`/`page` and a `Link` header), and the
 * issue routes of `fake-github-issues.ts` (create, list, comment, search with a lagging index). It
 * demands the token, sends `x-ratelimit-*` headers and fails on request ({@link FakeGithub.failNext}).
 */
export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const token = options.token ?? 'ghs_faketoken0123456789abcdefghijklmnopqr';
  const pulls = options.pullsByCommit ?? {
    [`acme/shop@${FAKE_GITHUB_COMMIT}`]: GITHUB_FIXTURES.commitPulls,
  };
  const mergedBy = options.mergedBy ?? { 'acme/shop#42': 'dave' };
  const visibility = options.visibility ?? { 'acme/shop': 'public' };
  const reviews = options.reviewsByPull ?? { 'acme/shop#42': GITHUB_FIXTURES.pullReviews };
  const limit = options.rateLimit ?? 5000;
  const stored = new Map(Object.entries(options.attestations ?? {}).map(([k, v]) => [k, [...v]]));
  const reset = Math.floor(Date.now() / 1000) + 3600;
  const requests: RecordedRequest[] = [];
  const failures: (FakeAnswer & { path?: string; method?: string })[] = [];
  let nextId = GITHUB_FIXTURES.attestationCreated.id;
  let base = '';

  const blobs: Buffer[] = [];
  const issueStore = createIssueStore({
    templates: {
      issue: GITHUB_FIXTURES.issueCreated,
      comment: GITHUB_FIXTURES.issueCommentCreated,
      search: GITHUB_FIXTURES.searchIssues,
    },
    seeds: options.issues ?? {},
    searchIndexing: options.searchIndexing ?? 'lagging',
    knows: (name) => visibility[name] !== undefined,
    page: (request, items) => page(request, items),
    notFound,
  });
  const route = (request: RecordedRequest): FakeAnswer => {
    // Pre-signed blob storage: no token, another "host" (a path prefix here).
    const blob = /^\/_blobs\/(\d+)$/.exec(request.path);
    if (request.method === 'GET' && blob !== null) {
      const bytes = blobs[Number(blob[1])];
      return bytes === undefined
        ? notFound()
        : { status: 200, body: bytes, headers: { 'content-type': 'application/x-snappy' } };
    }
    const auth = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '');
    if (auth?.[1] !== token) return { status: 401, body: fixture('error-401.json') };
    const failing = failures.findIndex(
      (f) =>
        (f.path === undefined || f.path === request.path) &&
        (f.method === undefined || f.method === request.method),
    );
    const failure = failing < 0 ? undefined : failures.splice(failing, 1)[0];
    if (failure !== undefined) return failure;
    const parts = request.path.split('/').slice(1).map(decodeURIComponent);
    const issueAnswer = issueStore.route(request, parts);
    if (issueAnswer !== undefined) return issueAnswer;
    const [head, owner, repo, kind, id, tail] = parts;
    if (head !== 'repos' || owner === undefined || repo === undefined) return notFound();
    const name = `${owner}/${repo}`;
    if (request.method === 'GET' && parts.length === 3) return repository(owner, repo);
    if (request.method === 'POST' && kind === 'attestations' && parts.length === 4)
      return createAttestation(request, name);
    if (request.method === 'GET' && kind === 'attestations' && parts.length === 5)
      return listAttestations(request, name, id ?? '');
    if (request.method === 'GET' && kind === 'commits' && tail === 'pulls' && parts.length === 6) {
      return page(request, pulls[`${name}@${id ?? ''}`] ?? []);
    }
    if (request.method === 'GET' && kind === 'pulls' && parts.length === 5)
      return pullRequest(name, Number(id));
    if (request.method === 'GET' && kind === 'pulls' && tail === 'reviews' && parts.length === 6) {
      const list = reviews[`${name}#${id ?? ''}`];
      return list === undefined ? notFound() : page(request, list);
    }
    return notFound();
  };

  // GitHub's pull request object is the list item plus `merged`, `merged_by` and counters.
  const pullRequest = (name: string, number: number): FakeAnswer => {
    const item = Object.entries(pulls)
      .filter(([key]) => key.startsWith(`${name}@`))
      .flatMap(([, list]) => list as { number?: unknown; merged_at?: unknown }[])
      .find((pr) => pr.number === number);
    if (!item) return notFound();
    const login = mergedBy[`${name}#${String(number)}`];
    const merged = typeof item.merged_at === 'string';
    return {
      status: 200,
      body: { ...item, merged, merged_by: merged && login ? { login, id: 4, type: 'User' } : null },
    };
  };

  // GitHub's full-repository object, with its owner and the visibility asked for.
  const repository = (owner: string, repo: string): FakeAnswer => {
    const seen = visibility[`${owner}/${repo}`];
    if (seen === undefined) return notFound();
    const body = structuredClone(GITHUB_FIXTURES.repository);
    Object.assign(body, {
      name: repo,
      full_name: `${owner}/${repo}`,
      private: seen !== 'public',
      visibility: seen,
      html_url: `https://github.com/${owner}/${repo}`,
    });
    Object.assign(body.owner as Record<string, unknown>, { login: owner });
    return { status: 200, body };
  };

  // GitHub's answer: {attestations: [{bundle, repository_id}]}, 404 when there are none.
  const listAttestations = (request: RecordedRequest, name: string, digest: string): FakeAnswer => {
    const bundles = stored.get(`${name}@${digest}`) ?? [];
    if (bundles.length === 0) return notFound();
    const template = GITHUB_FIXTURES.attestationsList.attestations[0];
    const items = bundles.map((bundle) => {
      if (options.bundleUrls !== true) return { ...template, bundle };
      blobs.push(Buffer.from(compress(Buffer.from(JSON.stringify(bundle)))));
      return {
        ...template,
        bundle: null,
        bundle_url: `${base}/_blobs/${String(blobs.length - 1)}`,
      };
    });
    const answer = page(request, items);
    return { ...answer, body: { attestations: answer.body } };
  };

  const createAttestation = (request: RecordedRequest, name: string): FakeAnswer => {
    const bundle = (request.body as { bundle?: unknown } | undefined)?.bundle;
    if (typeof bundle !== 'object' || bundle === null) {
      return {
        status: 422,
        body: {
          message: 'Invalid request.\n\n"bundle" wasn\'t supplied.',
          documentation_url:
            'https://docs.github.com/rest/repos/attestations#create-an-attestation',
          status: '422',
        },
      };
    }
    for (const digest of sha256Subjects(bundle))
      stored.set(`${name}@${digest}`, [...(stored.get(`${name}@${digest}`) ?? []), bundle]);
    nextId += 1;
    return { status: 201, body: { ...GITHUB_FIXTURES.attestationCreated, id: nextId - 1 } };
  };

  const page = (request: RecordedRequest, items: unknown[]): FakeAnswer => {
    const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? '30') || 30));
    const current = Math.max(1, Number(request.query.page ?? '1') || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string): string => {
      const url = new URL(`${base}${request.path}`);
      for (const [key, value] of Object.entries({
        ...request.query,
        per_page: String(perPage),
        page: String(n),
      }))
        url.searchParams.set(key, value);
      return `<${url.href}>; rel="${rel}"`;
    };
    const links = [
      ...(current > 1 ? [link(current - 1, 'prev')] : []),
      ...(current < last ? [link(current + 1, 'next'), link(last, 'last')] : []),
      ...(current > 1 ? [link(1, 'first')] : []),
    ];
    return {
      status: 200,
      body: items.slice((current - 1) * perPage, current * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  };

  const server = createServer((req, res) => {
    void readRequest(req).then((request) => {
      requests.push(request);
      const used = requests.length;
      const answer = route(request);
      send(res, answer, {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - used)),
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': String(used),
        'x-ratelimit-resource': 'core',
        'x-github-api-version-selected': '2022-11-28',
        'x-github-request-id': `FAKE:${String(used).padStart(6, '0')}`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url: base,
    token,
    requests,
    failNext(status, count = 1, failure = {}) {
      const body =
        failure.body ??
        fixture(ERROR_BODIES[status] ?? (status >= 500 ? 'error-5xx.json' : 'error-404.json'));
      for (let i = 0; i < count; i += 1)
        failures.push({
          status,
          body,
          headers: failure.headers ?? {},
          ...(failure.path === undefined ? {} : { path: failure.path }),
          ...(failure.method === undefined ? {} : { method: failure.method }),
        });
    },
    issues: (name) => issueStore.issues(name),
    indexSearch: () => {
      issueStore.indexSearch();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

// `sha256:<hex>` of each subject of a bundle's DSSE statement (none when it is not one).
function sha256Subjects(bundle: object): string[] {
  const payload = (bundle as { dsseEnvelope?: { payload?: unknown } }).dsseEnvelope?.payload;
  if (typeof payload !== 'string') return [];
  const statement = parseJson(Buffer.from(payload, 'base64').toString('utf8')) as {
    subject?: { digest?: { sha256?: unknown } }[];
  };
  return (Array.isArray(statement.subject) ? statement.subject : []).flatMap((subject) =>
    typeof subject.digest?.sha256 === 'string' ? [`sha256:${subject.digest.sha256}`] : [],
  );
}

function notFound(): FakeAnswer {
  return { status: 404, body: fixture('error-404.json') };
}

function send(res: ServerResponse, answer: FakeAnswer, rateHeaders: Record<string, string>): void {
  const text = Buffer.isBuffer(answer.body) ? answer.body : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    ...rateHeaders,
    ...answer.headers,
  });
  res.end(text);
}

async function readRequest(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://fake');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') headers[name] = value;
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers,
    body: text === '' ? undefined : parseJson(text),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A body that is not JSON is recorded as text so a test can assert on it.
    return text;
  }
}

function fixture(name: string): unknown {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/github/${name}`, import.meta.url), 'utf8'),
  ) as unknown;
}
