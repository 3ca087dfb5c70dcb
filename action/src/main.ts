import { resolve } from 'node:path';
import {
  resolveConfig,
  type Environment,
  type SigstoreOrigins,
  type TrailmarkConfig,
} from '@trailmark/trailmark';
import { checkInputs, type ActionInputs, type RawInputs } from './inputs.js';
import {
  annotationsOf,
  attestationUrls,
  failureOf,
  outputsOf,
  warningAnnotation,
  type Outcome,
} from './report.js';
import type { OutputName, Runner } from './runner.js';
import { attestStep, changeStep, sbomStep, stampStep, type Place } from './steps.js';
import { summaryOf } from './summary.js';
import { reportVerified } from './verify-outcome.js';
import { verifyStep } from './verify-step.js';

/** What {@link run} gets from its surroundings instead of reading env or the runner itself. */
export interface RunDeps {
  /** The process's working directory: the workspace when `GITHUB_WORKSPACE` is not set. */
  cwd: string;
  /**
   * The runner's environment, passed to the library's config as a value: it reads the `GITHUB_*`
   * run facts (API and web roots, repository, commit, workspace, event payload) from it.
   */
  env: Environment;
  /** The job's OIDC token for audience `sigstore` (the runner masks it); asked only when signing keyless. */
  identityToken: () => Promise<string>;
  /** Extra GitHub API attempts on 5xx and rate limits (default 3). */
  githubRetries?: number;
  /** Clock of the job summary (default: the config's). */
  clock?: () => Date;
  /** Tests only: where the Sigstore instances' services answer (see `SigstoreOrigins`). */
  sigstoreOrigins?: SigstoreOrigins;
  runner: Runner;
}

/** One run's resolved surroundings: the library config and the workspace. */
export interface RunContext {
  deps: RunDeps;
  config: TrailmarkConfig;
  workspace: string;
}

/**
 * The Action: checks the inputs, runs the command, and reports through the runner. Resolves to
 * the exit code (0, or 1 after an `::error`); never throws and never exits the process.
 */
export async function run(raw: RawInputs, deps: RunDeps): Promise<number> {
  const { runner } = deps;
  // 1. Inputs: every problem at once, then stop.
  const checked = checkInputs(raw);
  if (!checked.ok) {
    for (const problem of checked.problems)
      runner.error(problem, { title: 'trailmark: invalid input' });
    runner.setOutput('error-code', 'INPUT_USAGE');
    return 1;
  }
  // 2. The environment, through the library's one config.
  const config = await resolveConfig({
    env: deps.env,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.sigstoreOrigins ? { sigstoreOrigins: deps.sigstoreOrigins } : {}),
  });
  const context: RunContext = { deps, config, workspace: config.github.workspace ?? deps.cwd };
  const cwd = resolve(context.workspace, checked.inputs.workingDirectory);
  const place: Place = { cwd, outDir: resolve(cwd, checked.inputs.outputDir) };
  try {
    // verify: a verdict, not a release; "fail" is a result, reported and then failing the step.
    if (checked.inputs.command === 'verify')
      return await reportVerified(await verifyStep(checked.inputs, context, place), deps.runner);
    // 3. The command.
    const outcome = await runCommand(checked.inputs, context, place);
    // 4. Outputs, annotations, summary.
    report(outcome, deps);
    await runner.writeSummary(summaryOf(outcome, config.clock()));
    return 0;
  } catch (err) {
    const failure = failureOf(err, place.cwd, context.workspace);
    runner.error(failure.message, { ...failure.place, title: `trailmark: ${failure.code}` });
    for (const cause of failure.causes) runner.info(`  caused by: ${cause}`);
    runner.setOutput('error-code', failure.code);
    return 1;
  }
}

/** release = change record → stamp → sbom → attest; the others run their one step. */
async function runCommand(
  inputs: ActionInputs,
  context: RunContext,
  place: Place,
): Promise<Outcome> {
  const warnings: string[] = [...context.config.warnings];
  const outcome: Outcome = {
    command: inputs.command,
    attestations: [],
    attestationUrls: [],
    warnings,
  };
  const stamps = inputs.command === 'release' || inputs.command === 'stamp';
  const signs =
    (inputs.command === 'release' || inputs.command === 'attest') && inputs.signing.kind !== 'none';
  // Approvers must be known before stamping: they go into every origin record.
  const change = stamps || signs ? await changeStep(inputs, context, warnings) : undefined;
  if (change) outcome.change = change;
  if (stamps)
    outcome.stamped = await stampStep(inputs, context, place, change?.approvers ?? [], warnings);
  if (inputs.command === 'release' || inputs.command === 'sbom') {
    outcome.sbom = await sbomStep(
      inputs,
      context,
      place,
      outcome.stamped?.paths ?? inputs.manifests,
      warnings,
    );
  }
  if (signs) {
    const what =
      inputs.command === 'release'
        ? {
            origin: outcome.stamped?.originPath,
            sbom: outcome.sbom?.path,
            manifests: outcome.stamped?.paths ?? [],
          }
        : { origin: inputs.originFile, sbom: inputs.sbomFile, manifests: inputs.manifests };
    outcome.attestations = await attestStep(
      inputs,
      context,
      place,
      { ...what, change: change?.change },
      warnings,
    );
    outcome.attestationUrls = attestationUrls(
      outcome.attestations,
      context.config.github.serverUrl,
      context.config.github.repository,
    );
  } else if (inputs.command === 'release') {
    warnings.push(
      'sign: none — nothing was signed or published (stamped manifests, origin records and SBOM only)',
    );
  }
  return outcome;
}

function report(outcome: Outcome, deps: RunDeps): void {
  const { runner } = deps;
  for (const [name, value] of Object.entries(outputsOf(outcome)) as [OutputName, string][])
    runner.setOutput(name, value);
  for (const warning of outcome.warnings) {
    const annotation = warningAnnotation(warning);
    runner.warning(annotation.message, annotation.place);
  }
  for (const annotation of outcome.stamped ? annotationsOf(outcome.stamped.records) : [])
    runner.warning(annotation.message, annotation.place);
  const objects = outcome.stamped?.records.objects.length;
  runner.info(
    `trailmark ${outcome.command}: ${objects === undefined ? '' : `${String(objects)} objects stamped, `}${String(outcome.attestations.length)} attestations`,
  );
}
