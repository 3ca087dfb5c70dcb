// The Action's entry: reads every input and the runner's environment once, then hands them to
// `run`. Nothing else in the Action reads `process.env` or calls `core.getInput`.
import * as core from '@actions/core';
import { requestIdentityToken } from './identity-token.js';
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
    snapshot: text('snapshot'),
    kubeconfig: text('kubeconfig'),
    context: text('context'),
    bundles: lines('bundles'),
    oci: text('oci'),
    githubAttestations: lines('github-attestations'),
    policy: text('policy'),
    verifyKeys: lines('verify-keys'),
    certificateIdentity: lines('certificate-identity'),
    certificateIdentityPattern: lines('certificate-identity-pattern'),
    certificateOidcIssuer: text('certificate-oidc-issuer'),
    trustedRoot: text('trusted-root'),
    sarifFile: text('sarif-file'),
    reportFile: text('report-file'),
    reportFormat: text('report-format'),
    failOnFindings: text('fail-on-findings'),
  };
}

/**
 * The runner's surroundings, as values: `run` and the library read neither `process.env` nor the
 * runner. The environment goes to the library's config whole, minus `INPUT_*` (they carry the
 * inputs, tokens included, which `readInputs` already took).
 */
function readDeps(runner: Runner): RunDeps {
  return {
    cwd: process.cwd(),
    env: Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('INPUT_')),
    ),
    identityToken: requestIdentityToken,
    runner,
  };
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
    // Outside a runner (e.g. `act` or a local try) there is no summary file: log it instead.
    await core.summary
      .addRaw(markdown)
      .write()
      .catch(() => {
        core.info(markdown);
      });
  },
};

// setFailed-style: the exit code is set, the process ends by itself once the event loop drains.
process.exitCode = await run(readInputs(), readDeps(coreRunner));
