import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AttestationEvidence, ClusterSnapshot, VerifyReport } from '@trailmark/core';
import { evaluate, type VerifyPolicy } from '@trailmark/verify';
import { resolveConfig, type ConfigOptions } from './config.js';
import { gatherEvidence } from './gather-evidence.js';
import { loadVerifyPolicy, type IdentityFlags } from './load-verify-policy.js';
import { runningImages } from './running-images.js';
import { readCluster } from './snapshot.js';
import type { TufSource } from './trust-roots.js';

/** public-good's TUF repository (what `@sigstore/tuf` and cosign use). */
export const PUBLIC_GOOD_TUF_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

/** Options of {@link verify}: where the cluster, the evidence and the policy come from. */
export interface VerifyOptions extends ConfigOptions {
  cwd: string;
  /** A `trailmark snapshot` file or `kubectl get … -o json` output; else a live cluster. */
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  /** Directories of `*.sigstore.json` bundles (repeatable). */
  bundleDirs: readonly string[];
  /** Look for bundles in each running image's registry (referrers API, then the tag fallback). */
  oci: boolean;
  /** Plain http to a registry on localhost/127.0.0.1 (tests). */
  registryInsecure?: boolean;
  /** `owner/repo` whose GitHub attestations API to ask for each running digest. */
  githubRepositories: readonly string[];
  /** The policy file (YAML); the identity flags add to it. */
  policy?: string;
  identities: IdentityFlags & { keys: readonly string[] };
  /** `trusted_root.json` for air-gapped use (else public-good via TUF plus GitHub's instance). */
  trustedRoot?: string;
  /** Progress lines (the CLI prints them when stderr is a terminal). */
  progress?: (line: string) => void;
}

/** The verdict and what the user should know about how it was reached. */
export interface VerifyResult {
  report: VerifyReport;
  warnings: string[];
  /** Where the trusted roots came from, one line each (`--verbose`). */
  trustOrigins: string[];
}

/**
 * `trailmark verify`: reads the cluster (live or a snapshot), collects every bundle that could
 * speak for a running digest (each digest fetched once per source, each bundle verified once),
 * and evaluates every workload against the policy. A "no" is the report's verdict, never a throw.
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const inputs = await readVerifyInputs(options);
  const report = evaluate({
    snapshot: inputs.snapshot,
    evidence: inputs.evidence,
    policy: inputs.policy,
    now: inputs.now,
    digestAliases: inputs.digestAliases,
    ...(options.policy === undefined ? {} : { policyFile: options.policy }),
  });
  return { report, warnings: inputs.warnings, trustOrigins: inputs.trustOrigins };
}

/** What verify and trace evaluate: the cluster view, every verified bundle, the policy. */
export interface VerifyInputs {
  snapshot: ClusterSnapshot;
  evidence: AttestationEvidence[];
  policy: VerifyPolicy;
  /** Platform digest ↔ index digest, both ways. */
  digestAliases: ReadonlyMap<string, string>;
  now: Date;
  warnings: string[];
  trustOrigins: string[];
}

/**
 * Reads the cluster (live or a snapshot) and collects every bundle that could speak for a running
 * digest (each digest fetched once per source, each bundle verified once), with the policy.
 */
export async function readVerifyInputs(options: VerifyOptions): Promise<VerifyInputs> {
  const config = await resolveConfig(options);
  const progress = options.progress ?? (() => undefined);
  const policy = await loadVerifyPolicy(options.cwd, options.policy, options.identities);
  const snapshot = await readCluster({ ...options, env: config.env, clock: config.clock });
  const images = runningImages(snapshot);
  progress(`cluster: ${snapshot.objects.length} objects, ${images.length} running images`);
  const gathered = await gatherEvidence({
    cwd: options.cwd,
    bundleDirs: options.bundleDirs,
    images,
    ...(options.oci
      ? {
          oci: {
            enabled: true,
            insecure: options.registryInsecure === true,
            ...registryCredentials(config.registryCredentials, config.env),
          },
        }
      : {}),
    ...(options.githubRepositories.length > 0
      ? {
          github: {
            apiUrl: config.github.apiUrl,
            token: config.github.token ?? '',
            repositories: options.githubRepositories,
          },
        }
      : {}),
    trust: trustOptions(options, config.env),
    identities: policy.identities,
    keyFiles: options.identities.keys,
    builders: policy.builders,
    repositories: policy.repositories,
  });
  progress(`evidence: ${gathered.evidence.length} bundles, each verified once`);
  return {
    snapshot,
    evidence: gathered.evidence,
    policy,
    digestAliases: gathered.evaluateAliases,
    now: config.clock(),
    warnings: [...config.warnings, ...(snapshot.notes ?? []), ...gathered.warnings],
    trustOrigins: gathered.trustOrigins,
  };
}

/**
 * Trust: `--trusted-root` alone when given; else public-good from its TUF repository
 * (`TRAILMARK_TUF_MIRROR`, default the public CDN; cached in `TRAILMARK_TUF_CACHE`, default
 * `~/.cache/trailmark/tuf`; `TRAILMARK_TUF_ROOT` a first root.json for a private mirror) with
 * the bundled snapshot as a warned fallback for the default mirror, and GitHub's instance from
 * `TRAILMARK_GITHUB_TUF_MIRROR` when set, else its bundled root.
 */
function trustOptions(
  options: VerifyOptions,
  env: Readonly<Record<string, string | undefined>>,
): Parameters<typeof gatherEvidence>[0]['trust'] {
  if (options.trustedRoot !== undefined) return { trustedRootFile: options.trustedRoot };
  const cache =
    env.TRAILMARK_TUF_CACHE ??
    join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'trailmark', 'tuf');
  const source = (mirrorUrl: string, root: string | undefined): TufSource => ({
    mirrorUrl,
    cachePath: resolve(options.cwd, cache),
    ...(root === undefined ? {} : { rootPath: resolve(options.cwd, root) }),
  });
  const github = env.TRAILMARK_GITHUB_TUF_MIRROR;
  return {
    tuf: source(env.TRAILMARK_TUF_MIRROR ?? PUBLIC_GOOD_TUF_MIRROR, env.TRAILMARK_TUF_ROOT),
    ...(github === undefined ? {} : { githubTuf: source(github, env.TRAILMARK_GITHUB_TUF_ROOT) }),
    fallbackToBundled: env.TRAILMARK_TUF_MIRROR === undefined,
  };
}

// Registry credentials go to the one registry they are for (`TRAILMARK_REGISTRY_HOST`), never
// to every registry a running image names.
function registryCredentials(
  credentials: { username: string; password: string } | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { credentials?: Record<string, { username: string; password: string }> } {
  const host = env.TRAILMARK_REGISTRY_HOST;
  return credentials === undefined || host === undefined || host === ''
    ? {}
    : { credentials: { [host]: credentials } };
}
