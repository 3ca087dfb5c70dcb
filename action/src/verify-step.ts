import { resolve } from 'node:path';
import type { VerifyReport } from '@trailmark/core';
import { writeFilesAtomic, type OutputFile } from '@trailmark/trailmark';
import { renderReport } from '@trailmark/trailmark/report';
import { verify } from '@trailmark/trailmark/verify';
import { TRAILMARK_VERSION } from '@trailmark/trailmark/version';
import type { ActionInputs } from './inputs.js';
import type { RunContext } from './main.js';
import type { Place } from './steps.js';
import type { VerifyInputs } from './verify-inputs.js';
import { verifySummaryMarkdown } from './verify-outcome.js';

/** What `command: verify` found and wrote. */
export interface Verified {
  report: VerifyReport;
  warnings: string[];
  /** Absolute path of the SARIF 2.1.0 file (for github/codeql-action/upload-sarif). */
  sarifPath: string;
  /** Absolute path of the extra report (`report-file`), when one was asked for. */
  reportPath?: string;
  /** The Markdown report, sized for the job summary. */
  markdown: string;
  failOnFindings: boolean;
}

/**
 * Runs the facade's `verify` (the cluster from the snapshot or a live kubeconfig, the bundles
 * from every source given), then writes the SARIF file and the extra report together.
 */
export async function verifyStep(
  inputs: ActionInputs,
  { deps, config }: RunContext,
  place: Place,
): Promise<Verified> {
  const options = inputs.verify ?? missingVerifyInputs();
  const result = await verify({
    cwd: place.cwd,
    // The attestations API is asked with the github-token input, never a token from elsewhere.
    env:
      options.githubAttestations.length > 0 && inputs.githubToken !== undefined
        ? { ...config.env, GITHUB_TOKEN: inputs.githubToken }
        : config.env,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...sources(options),
    identities: {
      keys: options.keys,
      subjects: options.certificateIdentities,
      patterns: options.certificatePatterns,
      ...(options.certificateIssuer === undefined ? {} : { issuer: options.certificateIssuer }),
    },
    progress: (line) => {
      deps.runner.info(`trailmark verify: ${line}`);
    },
  });
  for (const origin of result.trustOrigins) deps.runner.info(`trusted root: ${origin}`);
  const sarifPath = resolve(place.cwd, options.sarifFile);
  const files: OutputFile[] = [
    {
      path: sarifPath,
      content: renderReport(result.report, 'sarif', { toolVersion: TRAILMARK_VERSION }),
      shown: options.sarifFile,
      expected: 'the SARIF report (sarif-file)',
    },
  ];
  const extra = options.report;
  if (extra)
    files.push({
      path: resolve(place.cwd, extra.file),
      content: renderReport(result.report, extra.format, { toolVersion: TRAILMARK_VERSION }),
      shown: extra.file,
      expected: `the ${extra.format} report (report-file)`,
    });
  await writeFilesAtomic(files);
  return {
    report: result.report,
    warnings: result.warnings,
    sarifPath,
    ...(extra ? { reportPath: resolve(place.cwd, extra.file) } : {}),
    markdown: verifySummaryMarkdown(result.report),
    failOnFindings: options.failOnFindings,
  };
}

// Where the cluster and the evidence come from, as the facade's options.
function sources(options: VerifyInputs): {
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  policy?: string;
  trustedRoot?: string;
  bundleDirs: string[];
  oci: boolean;
  githubRepositories: string[];
} {
  return {
    ...(options.snapshot === undefined ? {} : { snapshot: options.snapshot }),
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.policy === undefined ? {} : { policy: options.policy }),
    ...(options.trustedRoot === undefined ? {} : { trustedRoot: options.trustedRoot }),
    bundleDirs: options.bundles,
    oci: options.oci,
    githubRepositories: options.githubAttestations,
  };
}

function missingVerifyInputs(): never {
  throw new Error('command verify without its checked inputs');
}
