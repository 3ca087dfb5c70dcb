import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, copyFile, writeFile } from 'node:fs/promises';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { TrailmarkError, foreignCause, type InputErrorCode } from '@trailmark/core';
import { createTempDir } from './temp-dir.js';

/** Where Debian's `docker-registry` package installs the CNCF distribution registry (2.8.2). */
export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** The user and password that `fixtures/registry/htpasswd` accepts. */
export const TEST_REGISTRY_CREDENTIALS = {
  username: 'trailmark',
  password: 'registry-test-password',
} as const;

/** A registry process on 127.0.0.1, alive until `stop()`. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references. */
  url: string;
  /** Set when started with `auth: true`. */
  credentials: { username: string; password: string } | undefined;
  /** Stops the process (by its own pid) and removes its storage. */
  stop(): Promise<void>;
}

/** Options of {@link startRegistry}. */
export interface StartRegistryOptions {
  /** Require Basic auth (htpasswd) with {@link TEST_REGISTRY_CREDENTIALS}. */
  auth?: boolean;
  /** The registry binary (default {@link DOCKER_REGISTRY_BIN}). */
  binary?: string;
}

const HTPASSWD = fileURLToPath(new URL('../fixtures/registry/htpasswd', import.meta.url));

/**
 * Starts Debian's `docker-registry serve <config>` with temp storage on a free loopback port and
 * waits until `GET /v2/` answers. Registry 2.8.2 has no referrers API (see {@link startReferrersProxy}).
 */
export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  const binary = options.binary ?? DOCKER_REGISTRY_BIN;
  await access(binary).catch((err: unknown) => {
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_NOT_FOUND',
      `${binary} is missing: install the registry with \`apt-get install docker-registry\` (Debian; .ci/run does this)`,
      { cause: foreignCause(err) },
    );
  });
  let lastError: unknown;
  // A free port can be taken between probing and binding: try a few.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(binary, options.auth === true);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startOnce(binary: string, auth: boolean): Promise<TestRegistry> {
  const dir = await createTempDir('trailmark-registry-');
  const url = `127.0.0.1:${await freePort()}`;
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'error', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: path.join(dir.path, 'data') },
      delete: { enabled: true },
    },
    http: { addr: url, secret: randomBytes(16).toString('hex') },
  };
  if (auth) {
    await copyFile(HTPASSWD, path.join(dir.path, 'htpasswd'));
    config.auth = { htpasswd: { realm: 'trailmark-test', path: path.join(dir.path, 'htpasswd') } };
  }
  // YAML is a superset of JSON, so the config is written as JSON.
  await writeFile(path.join(dir.path, 'config.yml'), JSON.stringify(config));
  const child = spawn(binary, ['serve', path.join(dir.path, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    await stopChild(child);
    await dir.cleanup();
  };
  try {
    await waitUntilServing(url, child, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, credentials: auth ? { ...TEST_REGISTRY_CREDENTIALS } : undefined, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Keeps the last few KB of the process's output for error messages (and drains the pipes). */
function collectOutput(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

async function waitUntilServing(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `docker-registry exited (${String(child.exitCode ?? child.signalCode)}) before serving ${url}:\n${output()}`,
      );
    }
    const status = await fetch(`http://${url}/v2/`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200 || status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`docker-registry did not answer GET http://${url}/v2/ within 15 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** An image pushed by {@link pushTestImage}. */
export interface PushedTestImage {
  /** `sha256:<hex>` of the OCI image manifest. */
  digest: string;
  /** `<registry>/<repository>@<digest>`. */
  image: string;
  /** Size in bytes of the manifest (or index). */
  size: number;
}

/**
 * Pushes a small real image: a gzipped tar layer holding `hello.txt`, an OCI image config whose
 * `diff_ids` name that tar, and the OCI image manifest tying them together (tagged `tag`).
 */
export async function pushTestImage(
  registry: string,
  repository: string,
  options: {
    credentials?: { username: string; password: string };
    tag?: string;
    content?: string;
  } = {},
): Promise<PushedTestImage> {
  const headers: Record<string, string> =
    options.credentials === undefined ? {} : { authorization: basicAuth(options.credentials) };
  const tar = tarOf('hello.txt', options.content ?? 'hello from trailmark\n');
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [digestOf(tar)] },
    }),
  );
  const base = `http://${registry}/v2/${repository}`;
  await uploadBlob(base, config, headers);
  await uploadBlob(base, layer, headers);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: digestOf(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: digestOf(layer),
          size: layer.length,
        },
      ],
    }),
  );
  const put = await fetch(`${base}/manifests/${options.tag ?? 'latest'}`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    body: new Uint8Array(manifest),
  });
  if (put.status !== 201)
    throw new Error(`PUT manifest to ${base} answered ${put.status}: ${await put.text()}`);
  const digest = digestOf(manifest);
  return { digest, image: `${registry}/${repository}@${digest}`, size: manifest.length };
}

async function uploadBlob(
  base: string,
  blob: Buffer,
  headers: Record<string, string>,
): Promise<void> {
  const start = await fetch(`${base}/blobs/uploads/`, { method: 'POST', headers });
  const location = start.headers.get('location');
  if (start.status !== 202 || location === null)
    throw new Error(`POST ${base}/blobs/uploads/ answered ${start.status}`);
  const target = new URL(location, base);
  target.searchParams.set('digest', digestOf(blob));
  const put = await fetch(target, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(blob),
  });
  if (put.status !== 201)
    throw new Error(`blob upload to ${base} answered ${put.status}: ${await put.text()}`);
}

/** A one-file ustar archive (header, content padded to 512 bytes, two zero blocks). */
function tarOf(name: string, content: string): Buffer {
  const body = Buffer.from(content, 'utf8');
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string): void => {
    header.write(value, offset, length, 'ascii');
  };
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${body.length.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 8, 'ustar\x0000');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  field(148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([header, body, padding, Buffer.alloc(1024)]);
}

function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function basicAuth(credentials: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** A referrers-capable front for a registry that has no referrers API. */
export interface ReferrersProxy {
  /** `127.0.0.1:<port>`, used in place of the upstream registry. */
  url: string;
  /** Every request the proxy saw, `METHOD /path`. */
  requests: string[];
  stop(): Promise<void>;
}

/**
 * Puts the OCI 1.1 referrers API in front of `upstream` (a {@link startRegistry} URL): manifest PUTs
 * that carry a `subject` are forwarded, answered with `OCI-Subject`, and remembered; `GET
 * /v2/<name>/referrers/<digest>` answers an image index of them (filtered by `artifactType`), as
 * the distribution spec describes. Everything else is passed through unchanged.
 */
export async function startReferrersProxy(upstream: string): Promise<ReferrersProxy> {
  const referrers = new Map<string, Record<string, unknown>[]>();
  const requests: string[] = [];
  let self = '';
  const server = createHttpServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    void handle(req, res).catch((err: unknown) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${self}`);
    const asked = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (req.method === 'GET' && asked) {
      const wanted = url.searchParams.get('artifactType');
      const all = referrers.get(`${asked[1] ?? ''}@${asked[2] ?? ''}`) ?? [];
      const manifests =
        wanted === null ? all : all.filter((entry) => entry.artifactType === wanted);
      const body = JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests,
      });
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        ...(wanted === null ? {} : { 'oci-filters-applied': 'artifactType' }),
      });
      res.end(body);
      return;
    }
    const body = await readBody(req);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'content-length', 'connection'].includes(name),
      ),
    ) as Record<string, string>;
    const answer = await fetch(`http://${upstream}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
    });
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-encoding', 'transfer-encoding', 'connection'].includes(name))
        out[name] = value.replaceAll(upstream, self);
    });
    const manifestPut = /^\/v2\/(.+)\/manifests\/[^/]+$/.exec(url.pathname);
    if (req.method === 'PUT' && manifestPut && answer.status === 201) {
      const subject = remember(referrers, manifestPut[1] ?? '', body, req.headers['content-type']);
      if (subject !== undefined) out['oci-subject'] = subject;
    }
    const payload = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, out);
    res.end(req.method === 'HEAD' ? undefined : payload);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self = `127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  return {
    url: self,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Records a manifest with a `subject` as a referrer descriptor; answers the subject digest. */
function remember(
  referrers: Map<string, Record<string, unknown>[]>,
  name: string,
  body: Buffer,
  contentType: string | undefined,
): string | undefined {
  const manifest = JSON.parse(body.toString('utf8')) as {
    mediaType?: string;
    artifactType?: string;
    config?: { mediaType?: string };
    subject?: { digest?: string };
    annotations?: Record<string, string>;
  };
  const subject = manifest.subject?.digest;
  if (subject === undefined) return undefined;
  const key = `${name}@${subject}`;
  const list = referrers.get(key) ?? [];
  list.push({
    mediaType: manifest.mediaType ?? contentType,
    digest: digestOf(body),
    size: body.length,
    artifactType: manifest.artifactType ?? manifest.config?.mediaType,
    ...(manifest.annotations === undefined ? {} : { annotations: manifest.annotations }),
  });
  referrers.set(key, list);
  return subject;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Pushes an OCI image index (tagged `tag`) over images already in the repository, each entry with
 * its platform — what a multi-arch build pushes. Answers the index digest and reference.
 */
export async function pushTestIndex(
  registry: string,
  repository: string,
  entries: { digest: string; size: number; architecture: string }[],
  tag = 'multi',
): Promise<PushedTestImage> {
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries.map((entry) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: entry.digest,
        size: entry.size,
        platform: { os: 'linux', architecture: entry.architecture },
      })),
    }),
  );
  const base = `http://${registry}/v2/${repository}`;
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
    body: new Uint8Array(index),
  });
  if (put.status !== 201)
    throw new Error(`PUT index to ${base} answered ${put.status}: ${await put.text()}`);
  const digest = digestOf(index);
  return { digest, image: `${registry}/${repository}@${digest}`, size: index.length };
}
