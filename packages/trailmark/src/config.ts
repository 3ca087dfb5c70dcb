import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Environment } from './run-facts.js';
import type { SigstoreOrigins, Visibility } from './sigstore-instance.js';

/** Where services live when the environment does not say (GitHub.com). */
export const SERVICE_DEFAULTS = {
  githubApiUrl: 'https://api.github.com',
  githubServerUrl: 'https://github.com',
} as const;

/** The GitHub Actions run, as its default variables describe it (each `undefined` outside Actions). */
export interface GithubRun {
  /** REST API root (`GITHUB_API_URL`, default GitHub.com's). */
  apiUrl: string;
  /** Web root (`GITHUB_SERVER_URL`, default `https://github.com`). */
  serverUrl: string;
  /** `owner/repo` (`GITHUB_REPOSITORY`), its ids (`GITHUB_REPOSITORY_ID`, `GITHUB_REPOSITORY_OWNER_ID`). */
  repository: string | undefined;
  repositoryId: string | undefined;
  repositoryOwnerId: string | undefined;
  /** The commit and ref being built (`GITHUB_SHA`, `GITHUB_REF`). */
  commit: string | undefined;
  ref: string | undefined;
  /** `GITHUB_EVENT_NAME`, `GITHUB_WORKFLOW_REF`, `GITHUB_RUN_ID`, `GITHUB_RUN_ATTEMPT`, `RUNNER_ENVIRONMENT`. */
  eventName: string | undefined;
  workflowRef: string | undefined;
  runId: string | undefined;
  runAttempt: string | undefined;
  runnerEnvironment: string | undefined;
  /** Who started the run (`GITHUB_ACTOR`) and who re-ran it (`GITHUB_TRIGGERING_ACTOR`). */
  actor: string | undefined;
  triggeringActor: string | undefined;
  /** The checkout (`GITHUB_WORKSPACE`). */
  workspace: string | undefined;
  /** `GITHUB_TOKEN`, when the workflow put it in the environment. */
  token: string | undefined;
}

/** {@link GithubRun} plus what the event payload (`GITHUB_EVENT_PATH`) says. */
export interface GithubRunConfig extends GithubRun {
  /** The parsed event payload. */
  event: unknown;
  /** The visibility the event payload states (`repository.visibility`, else `repository.private`). */
  visibility: Visibility | undefined;
}

/** The run's GitHub facts from its variables; pure (no file is read). */
export function githubRunOf(env: Environment): GithubRun {
  const get = (name: string): string | undefined => nonEmpty(env[name]);
  return {
    apiUrl: get('GITHUB_API_URL') ?? SERVICE_DEFAULTS.githubApiUrl,
    serverUrl: get('GITHUB_SERVER_URL') ?? SERVICE_DEFAULTS.githubServerUrl,
    repository: get('GITHUB_REPOSITORY'),
    repositoryId: get('GITHUB_REPOSITORY_ID'),
    repositoryOwnerId: get('GITHUB_REPOSITORY_OWNER_ID'),
    commit: get('GITHUB_SHA'),
    ref: get('GITHUB_REF'),
    eventName: get('GITHUB_EVENT_NAME'),
    workflowRef: get('GITHUB_WORKFLOW_REF'),
    runId: get('GITHUB_RUN_ID'),
    runAttempt: get('GITHUB_RUN_ATTEMPT'),
    runnerEnvironment: get('RUNNER_ENVIRONMENT'),
    actor: get('GITHUB_ACTOR'),
    triggeringActor: get('GITHUB_TRIGGERING_ACTOR'),
    workspace: get('GITHUB_WORKSPACE'),
    token: get('GITHUB_TOKEN'),
  };
}

/**
 * Everything the facade takes from its surroundings, resolved once: the run's GitHub facts,
 * registry credentials, the clock and the id source, and test overrides of Sigstore origins.
 * The CLI and the Action pass their environment here as a value and read none of it themselves.
 */
export interface TrailmarkConfig {
  env: Environment;
  github: GithubRunConfig;
  /** `TRAILMARK_REGISTRY_USERNAME` / `TRAILMARK_REGISTRY_PASSWORD`, when both are set. */
  registryCredentials: { username: string; password: string } | undefined;
  /** Now; every timestamp the facade writes comes from here. */
  clock: () => Date;
  /** A fresh RFC 4122 UUID; every random id the facade writes comes from here. */
  newId: () => string;
  /** `SOURCE_DATE_EPOCH` (reproducible builds): outputs derive time and ids from inputs instead. */
  sourceDate: Date | undefined;
  /** Tests only: serve a Sigstore instance's services from another origin. */
  sigstoreOrigins: SigstoreOrigins;
  /** Notes for the user (an unreadable event payload). */
  warnings: string[];
}

/** Options of {@link resolveConfig}. */
export interface ConfigOptions {
  /** The process environment, as a value (`process.env`, the CLI's `io.env`). */
  env: Environment;
  clock?: () => Date;
  newId?: () => string;
  sigstoreOrigins?: SigstoreOrigins;
}

/** Turns the environment and injected sources into the facade's configuration (reads the event file). */
export async function resolveConfig(options: ConfigOptions): Promise<TrailmarkConfig> {
  const { env } = options;
  const warnings: string[] = [];
  const event = await readEvent(env.GITHUB_EVENT_PATH, warnings);
  const username = env.TRAILMARK_REGISTRY_USERNAME;
  const password = env.TRAILMARK_REGISTRY_PASSWORD;
  return {
    env,
    github: { ...githubRunOf(env), event, visibility: visibilityOfEvent(event) },
    registryCredentials: username && password ? { username, password } : undefined,
    clock: options.clock ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
    sourceDate: sourceDateOf(env.SOURCE_DATE_EPOCH),
    sigstoreOrigins: options.sigstoreOrigins ?? {},
    warnings,
  };
}

/** `repository.visibility` of a GitHub event payload, else `repository.private`; else undefined. */
export function visibilityOfEvent(event: unknown): Visibility | undefined {
  const repository = (event as { repository?: { visibility?: unknown; private?: unknown } } | null)
    ?.repository;
  const visibility = repository?.visibility;
  if (visibility === 'public' || visibility === 'private' || visibility === 'internal')
    return visibility;
  if (typeof repository?.private === 'boolean') return repository.private ? 'private' : 'public';
  return undefined;
}

// The event payload is context (who merged, visibility): an unreadable file is a warning.
async function readEvent(path: string | undefined, warnings: string[]): Promise<unknown> {
  if (path === undefined || path === '') return undefined;
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = typeof code === 'string' ? code : err instanceof SyntaxError ? 'not JSON' : 'error';
    warnings.push(`GITHUB_EVENT_PATH ${path} could not be read (${why}); left out`);
    return undefined;
  }
}

function sourceDateOf(epoch: string | undefined): Date | undefined {
  if (epoch === undefined || !/^\d+$/.test(epoch)) return undefined;
  return new Date(Number(epoch) * 1000);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** What the environment says about reaching a Kubernetes cluster. */
export interface KubeEnvironment {
  /** `KUBECONFIG`, split on `:` (empty entries dropped); `undefined` when unset or empty. */
  kubeconfig: string[] | undefined;
  /** `HOME`, for the default `~/.kube/config`. */
  home: string | undefined;
  /** `KUBERNETES_SERVICE_HOST` / `KUBERNETES_SERVICE_PORT` (default 443): set inside a pod. */
  inCluster: { host: string; port: string } | undefined;
}

/** The cluster-access variables of the environment; pure (no file is read). */
export function kubeEnvironmentOf(env: Environment): KubeEnvironment {
  const paths = (env.KUBECONFIG ?? '').split(':').filter((path) => path !== '');
  const host = nonEmpty(env.KUBERNETES_SERVICE_HOST);
  return {
    kubeconfig: paths.length > 0 ? paths : undefined,
    home: nonEmpty(env.HOME),
    inCluster:
      host === undefined
        ? undefined
        : { host, port: nonEmpty(env.KUBERNETES_SERVICE_PORT) ?? '443' },
  };
}
