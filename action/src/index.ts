// The Action's entry: reads every input and the runner's environment once, then hands them to
// `run`. Nothing else in the Action reads `process.env` or calls `core.getInput`.
import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { RawInputs } from './inputs.js';
import { run, type RunDeps } from './main.js';
import type { Runner } from './runner.js';

/** Reads every action.yml input (strings as given; lists one entry per line). */
function readInputs(): RawInputs {
  const text = (name: string): string => core.getInput(name);
  const lines = (name: string): string[] =>
    core.getMultilineInput(name).filter((line) => line !== '' && !line.startsWith('#'));
  const password = text('registry-password');
  if (password !== '') core.setSecret(password);
  return {
    command: text('command'),
    workingDirectory: text('working-directory'),
    manifests: lines('manifests'),
    chart: text('chart'),
    values: lines('values'),
    environment: text('environment'),
    images: core.getInput('images', { trimWhitespace: false }),
    sbomPaths: lines('sbom-paths'),
    mergeSboms: lines('merge-sboms'),
    originFile: text('origin-file'),
    sbomFile: text('sbom-file'),
    sign: text('sign'),
    key: text('key'),
    fulcioUrl: text('fulcio-url'),
    rekorUrl: text('rekor-url'),
    tsaUrl: text('tsa-url'),
    pushToRegistry: text('push-to-registry'),
    registryUsername: text('registry-username'),
    registryPassword: password,
    uploadAttestations: text('upload-attestations'),
    githubToken: text('github-token'),
    outputDir: text('output-dir'),
    annotations: text('annotations'),
  };
}

/** The runner's environment, as values (`run` never reads `process.env`). */
function readDeps(runner: Runner): RunDeps {
  const env = process.env;
  return {
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    // INPUT_* variables carry the token: the library gets the rest, which is all it reads.
    env: Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('INPUT_'))),
    github: {
      apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
      serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
      repository: env.GITHUB_REPOSITORY || undefined,
      commit: env.GITHUB_SHA || undefined,
      event: readEvent(env.GITHUB_EVENT_PATH),
    },
    now: () => new Date(),
    runner,
  };
}

// The event payload is optional context (who merged): an unreadable file is a note, not a failure.
function readEvent(path: string | undefined): unknown {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    core.info(
      `GITHUB_EVENT_PATH ${path} could not be read (${err instanceof Error ? err.message : String(err)}); who merged is left out`,
    );
    return undefined;
  }
}

const coreRunner: Runner = {
  info: (message) => {
    core.info(message);
  },
  warning: (message, at = {}) => {
    core.warning(message, {
      ...(at.file ? { file: at.file } : {}),
      ...(at.line ? { startLine: at.line } : {}),
      ...(at.title ? { title: at.title } : {}),
    });
  },
  error: (message, at = {}) => {
    core.error(message, {
      ...(at.file ? { file: at.file } : {}),
      ...(at.line ? { startLine: at.line } : {}),
      ...(at.title ? { title: at.title } : {}),
    });
  },
  setOutput: (name, value) => {
    core.setOutput(name, value);
  },
  writeSummary: async (markdown) => {
    // No GITHUB_STEP_SUMMARY outside a runner (e.g. `act` or a local try): log it instead.
    if (!process.env.GITHUB_STEP_SUMMARY) core.info(markdown);
    else await core.summary.addRaw(markdown).write();
  },
};

// setFailed-style: the exit code is set, the process ends by itself once the event loop drains.
process.exitCode = await run(readInputs(), readDeps(coreRunner));
