import type { Logger } from 'pino';
import type { VerifyOptions } from '../verify.js';
import { startClusterFeed } from './cluster-feed.js';
import { readSecretFile } from './secrets.js';
import type { ServeOptions } from './serve.js';
import type { ServeSettings } from './settings.js';
import type { ClusterFeed } from './view.js';

/** The bearer token and the optional HMAC secret, read from their files. */
export async function readRequestSecrets(
  cwd: string,
  settings: ServeSettings,
): Promise<{ token: string; hmac: string | undefined }> {
  const token = await readSecretFile(cwd, settings.tokenFile, 'the bearer token (--token-file)');
  const hmac =
    settings.hmacSecretFile === undefined
      ? undefined
      : await readSecretFile(cwd, settings.hmacSecretFile, 'the HMAC secret (--hmac-secret-file)');
  return { token, hmac };
}

/** Without --snapshot, the cluster is watched (list + watch) rather than read once. */
export async function liveFeed(
  options: ServeOptions,
  settings: ServeSettings,
  now: () => Date,
  logger: Logger,
): Promise<ClusterFeed | undefined> {
  if (settings.snapshot !== undefined) return undefined;
  return startClusterFeed({
    cwd: options.cwd,
    env: options.env,
    now,
    logger,
    ...(settings.kubeconfig === undefined ? {} : { kubeconfig: settings.kubeconfig }),
    ...(settings.context === undefined ? {} : { context: settings.context }),
  });
}

/** What verify reads, from serve's settings. */
export function verifyOptionsOf(options: ServeOptions, settings: ServeSettings): VerifyOptions {
  return {
    cwd: options.cwd,
    env: options.env,
    bundleDirs: settings.bundles,
    oci: false,
    githubRepositories: [],
    ...options.evidence,
    identities: { subjects: [], patterns: [], ...options.identities, keys: settings.keys },
    ...(settings.snapshot === undefined ? {} : { snapshot: settings.snapshot }),
    ...(settings.kubeconfig === undefined ? {} : { kubeconfig: settings.kubeconfig }),
    ...(settings.context === undefined ? {} : { context: settings.context }),
    ...(settings.policy === undefined ? {} : { policy: settings.policy }),
    ...(settings.trustedRoot === undefined ? {} : { trustedRoot: settings.trustedRoot }),
  };
}

/** Resolves when `signal` is aborted. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
}
