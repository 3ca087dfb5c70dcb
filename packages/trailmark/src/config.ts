import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Environment } from './run-facts.js';
import type { SigstoreOrigins, Visibility } from './sigstore-instance.js';

/** Where services live when the environment does not say (GitHub.com). */
export const SERVICE_DEFAULTS = {
  githubApiUrl: 'https://api.github.com',
  githubServerUrl: 'https://github.com',
} as const;

/** The GitHub Actions run, as its variables describe it (each `undefined` outside Actions). */
export interface GithubRunConfig {
  /** REST API root (`GITHUB_API_URL`). */
  apiUrl: string;
  /** Web root (`GITHUB_SERVER_URL`). */
  serverUrl: string;
  /** `owner/repo` (`GITHUB_REPOSITORY`). */
  repository: string | undefined;
  /** The commit being built (`GITHUB_SHA`). */
  commit: string | undefined;
  /** The checkout (`GITHUB_WORKSPACE`). */
  workspace: string | undefined;
  /** `GITHUB_TOKEN`, when the workflow put it in the environment. */
  token: string | undefined;
  /** The parsed `GITHUB_EVENT_PATH` payload. */
  event: unknown;
  /** The visibility the event payload states (`repository.visibility`, else `repository.private`). */
  visibility: Visibility | undefined;
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
    github: {
      apiUrl: nonEmpty(env.GITHUB_API_URL) ?? SERVICE_DEFAULTS.githubApiUrl,
      serverUrl: nonEmpty(env.GITHUB_SERVER_URL) ?? SERVICE_DEFAULTS.githubServerUrl,
      repository: nonEmpty(env.GITHUB_REPOSITORY),
      commit: nonEmpty(env.GITHUB_SHA),
      workspace: nonEmpty(env.GITHUB_WORKSPACE),
      token: nonEmpty(env.GITHUB_TOKEN),
      event,
      visibility: visibilityOfEvent(event),
    },
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
