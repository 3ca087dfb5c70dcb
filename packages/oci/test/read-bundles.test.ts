import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  BUNDLE_MEDIA_TYPE,
  PREDICATE_TYPE_ANNOTATION,
  createRegistryAttestationStore,
} from '@trailmark/oci';

// Registry answers stubbed at the fetch boundary (the `fetch` option), for the read paths a local
// docker-registry cannot produce: bearer-token challenges, paging, tampered or foreign content.

const HOST = '127.0.0.1:5999';
const SUBJECT = `sha256:${'c'.repeat(64)}`;
const IMAGE = `${HOST}/acme/shop@${SUBJECT}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';

type Route = (request: Request) => Response;

function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** A referrer manifest for `subject` carrying `bundle`; answers its routes and index entry. */
function referrer(
  bundle: string,
  subject = SUBJECT,
  predicateType = 'https://slsa.dev/provenance/v1',
) {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    artifactType: BUNDLE_MEDIA_TYPE,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: digestOf('{}'), size: 2 },
    layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: digestOf(bundle), size: bundle.length }],
    subject: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: subject,
      size: 100,
    },
    annotations: { [PREDICATE_TYPE_ANNOTATION]: predicateType },
  });
  const digest = digestOf(manifest);
  return {
    digest,
    entry: {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest,
      size: manifest.length,
      artifactType: BUNDLE_MEDIA_TYPE,
    },
    routes: {
      [`/v2/acme/shop/manifests/${digest}`]: () => new Response(manifest),
      [`/v2/acme/shop/blobs/${digestOf(bundle)}`]: () => new Response(bundle),
    } as Record<string, Route>,
  };
}

function stubFetch(routes: Record<string, Route>, seen: string[] = []): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    seen.push(`${request.method} ${url.pathname}${url.search}`);
    const route = routes[url.pathname + url.search] ?? routes[url.pathname];
    return Promise.resolve(route ? route(request) : new Response('{"errors":[]}', { status: 404 }));
  };
}

const subjectExists: Record<string, Route> = {
  [`/v2/acme/shop/manifests/${SUBJECT}`]: () => new Response(null, { status: 200 }),
};

function index(entries: unknown[], headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ schemaVersion: 2, mediaType: INDEX, manifests: entries }), {
    headers: { 'content-type': INDEX, ...headers },
  });
}

describe('listBundles read path', () => {
  it('answers a bearer challenge with a token from the realm, then reads through the referrers API', async () => {
    const one = referrer('{"bundle":1}');
    const seen: string[] = [];
    const authorized =
      (route: Route): Route =>
      (request) =>
        request.headers.get('authorization') === 'Bearer tok-1'
          ? route(request)
          : new Response(null, {
              status: 401,
              headers: {
                'www-authenticate': `Bearer realm="http://${HOST}/token",service="reg",scope="repository:acme/shop:pull"`,
              },
            });
    const routes: Record<string, Route> = {
      '/token': (request) => {
        expect(request.headers.get('authorization')).toBe(
          `Basic ${Buffer.from('bot:pw-1').toString('base64')}`,
        );
        expect(new URL(request.url).searchParams.get('scope')).toBe('repository:acme/shop:pull');
        return Response.json({ token: 'tok-1' });
      },
    };
    for (const [path, route] of Object.entries({
      ...subjectExists,
      ...one.routes,
      [`/v2/acme/shop/referrers/${SUBJECT}`]: () => index([one.entry]),
    })) {
      routes[path] = authorized(route);
    }
    const store = createRegistryAttestationStore({
      insecure: true,
      credentials: { username: 'bot', password: 'pw-1' },
      fetch: stubFetch(routes, seen),
    });

    expect(await store.listBundles(IMAGE)).toEqual([
      {
        digest: one.digest,
        predicateType: 'https://slsa.dev/provenance/v1',
        bundleJson: '{"bundle":1}',
      },
    ]);
    expect(seen.filter((line) => line.startsWith('GET /token'))).toHaveLength(1);
    expect(seen).not.toContain(`GET /v2/acme/shop/manifests/${SUBJECT.replace(':', '-')}`);
  });

  it('follows Link pages on the same registry and refuses a link to another host', async () => {
    const [one, two] = [referrer('{"bundle":1}'), referrer('{"bundle":2}')];
    const first = `/v2/acme/shop/referrers/${SUBJECT}`;
    const routes = {
      ...subjectExists,
      ...one.routes,
      ...two.routes,
      [first]: () => index([one.entry], { link: `<${first}?last=x>; rel="next"` }),
      [`${first}?last=x`]: () => index([two.entry]),
    };
    const store = createRegistryAttestationStore({ insecure: true, fetch: stubFetch(routes) });
    expect((await store.listBundles(IMAGE)).map((bundle) => bundle.digest)).toEqual(
      [one.digest, two.digest].sort(),
    );

    const away = {
      ...routes,
      [first]: () => index([one.entry], { link: '<http://elsewhere.example/v2/x>; rel="next"' }),
    };
    const refused = await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(away) })
      .listBundles(IMAGE)
      .catch((err: unknown) => err);
    expect(refused).toMatchObject({
      code: 'OCI_PROTOCOL',
      message: expect.stringContaining('another host') as unknown,
    });
  });

  it('keeps only bundles whose manifest names this image as subject (tag index entries are attacker-controlled)', async () => {
    const mine = referrer('{"bundle":"mine"}');
    const foreign = referrer('{"bundle":"foreign"}', `sha256:${'d'.repeat(64)}`);
    const tag = `/v2/acme/shop/manifests/${SUBJECT.replace(':', '-')}`;
    const cosign = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digestOf('x'),
      size: 1,
      artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
    };
    const routes = {
      ...subjectExists,
      ...mine.routes,
      ...foreign.routes,
      [tag]: () => index([mine.entry, foreign.entry, cosign]),
    };
    const store = createRegistryAttestationStore({ insecure: true, fetch: stubFetch(routes) });
    expect((await store.listBundles(IMAGE)).map((bundle) => bundle.bundleJson)).toEqual([
      '{"bundle":"mine"}',
    ]);
  });

  it('rejects content whose digest does not match what was asked for', async () => {
    const one = referrer('{"bundle":1}');
    const routes = {
      ...subjectExists,
      ...one.routes,
      [`/v2/acme/shop/referrers/${SUBJECT}`]: () => index([one.entry]),
      [`/v2/acme/shop/blobs/${digestOf('{"bundle":1}')}`]: () =>
        new Response('{"bundle":"swapped"}'),
    };
    const err = await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(routes) })
      .listBundles(IMAGE)
      .catch((caught: unknown) => caught);
    expect(err).toMatchObject({
      code: 'OCI_PROTOCOL',
      message: expect.stringContaining(`when asked for ${digestOf('{"bundle":1}')}`) as unknown,
    });
  });

  it('refuses an oversized manifest and an index that is not JSON', async () => {
    const big = {
      ...subjectExists,
      [`/v2/acme/shop/referrers/${SUBJECT}`]: () =>
        new Response('{}', { headers: { 'content-length': String(64 * 1024 * 1024) } }),
    };
    expect(
      await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(big) })
        .listBundles(IMAGE)
        .catch((err: unknown) => err),
    ).toMatchObject({ code: 'OCI_PROTOCOL' });
    const html = {
      ...subjectExists,
      [`/v2/acme/shop/referrers/${SUBJECT}`]: () => new Response('<html>'),
    };
    expect(
      await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(html) })
        .listBundles(IMAGE)
        .catch((err: unknown) => err),
    ).toMatchObject({ code: 'OCI_PROTOCOL' });
  });

  it('maps 403 to OCI_AUTH and other 4xx to OCI_PROTOCOL', async () => {
    const forbidden = {
      [`/v2/acme/shop/manifests/${SUBJECT}`]: () => new Response(null, { status: 403 }),
    };
    expect(
      await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(forbidden) })
        .listBundles(IMAGE)
        .catch((err: unknown) => err),
    ).toMatchObject({ code: 'OCI_AUTH' });
    const bad = {
      [`/v2/acme/shop/manifests/${SUBJECT}`]: () => new Response(null, { status: 400 }),
    };
    expect(
      await createRegistryAttestationStore({ insecure: true, fetch: stubFetch(bad) })
        .listBundles(IMAGE)
        .catch((err: unknown) => err),
    ).toMatchObject({ code: 'OCI_PROTOCOL' });
  });
});
