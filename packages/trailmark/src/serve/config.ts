import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import type { Environment } from '../run-facts.js';
import { schemaValidator } from '../schemas.js';
import { readConfigFile, type ConfigFile } from './config-file.js';
import { settingsFromEnv } from './env-settings.js';
import { SERVE_DEFAULTS, type ServeSettings } from './settings.js';

/** Where serve's settings come from. */
export interface ServeConfigSources {
  cwd: string;
  env: Environment;
  /** Settings the command line gave (unset flags left out). */
  flags: Partial<ServeSettings>;
  /** `--config FILE` (else `TRAILMARK_SERVE_CONFIG`). */
  configFile?: string;
}

/**
 * serve's settings: flags > `TRAILMARK_SERVE_*` > the config file > defaults, merged and then
 * validated as one document by `serve-config.v1`. A bad value exits 2 naming where it came from:
 * the config file and line, or the variable, or the flag.
 */
export async function resolveServeSettings(sources: ServeConfigSources): Promise<ServeSettings> {
  const fileName = sources.configFile ?? nonEmpty(sources.env.TRAILMARK_SERVE_CONFIG);
  const file = fileName === undefined ? undefined : await readConfigFile(sources.cwd, fileName);
  const fromEnv = settingsFromEnv(sources.env);
  const merged: Record<string, unknown> = {
    ...SERVE_DEFAULTS,
    ...(file?.settings ?? {}),
    ...fromEnv,
    ...sources.flags,
  };
  const issues = schemaValidator('serve-config.v1')(merged);
  const [issue] = issues;
  if (issue !== undefined) throw invalid(describe(issue, file, fromEnv, sources.flags));
  if (merged.tokenFile === undefined)
    throw invalid('serve: --token-file FILE is required (the bearer token senders present)');
  // `schema` names the document's version; it is not a setting.
  const settings = Object.fromEntries(Object.entries(merged).filter(([key]) => key !== 'schema'));
  return settings as unknown as ServeSettings;
}

// Which source set the offending key decides what the message names.
function describe(
  issue: { pointer: string; message: string },
  file: ConfigFile | undefined,
  fromEnv: Record<string, unknown>,
  flags: Partial<ServeSettings>,
): string {
  const key = issue.pointer.split('/')[1] ?? '';
  const what = `${issue.pointer === '/' ? 'the configuration' : issue.pointer} ${issue.message}`;
  if (key in flags) return `serve: the flag for ${key}: ${what}`;
  if (key in fromEnv) return `serve: the environment (TRAILMARK_SERVE_*) sets ${what}`;
  if (file !== undefined) {
    const line = file.lineOf(issue.pointer) ?? 1;
    return `${file.shown}:${String(line)}: ${what} (serve-config.v1)`;
  }
  return `serve: ${what}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function invalid(message: string): TrailmarkError<InputErrorCode> {
  return new TrailmarkError<InputErrorCode>('INPUT_INVALID', message);
}
