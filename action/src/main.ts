import { resolve } from 'node:path';
import type { Environment } from '@trailmark/trailmark';
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

/** What {@link run} gets from its surroundings instead of reading env or the runner itself. */
export interface RunDeps {
  /** The repository checkout (`GITHUB_WORKSPACE`); `working-directory` is relative to it. */
  workspace: string;
  /** Passed to the library as-is: it reads the `GITHUB_*` run facts and `ACTIONS_ID_TOKEN_REQUEST_*`. */
  env: Environment;
  github: {
    /** REST API root given to octokit (`GITHUB_API_URL`): @actions/github must not read it at import. */
    apiUrl: string;
    /** Web root for links (`GITHUB_SERVER_URL`). */
    serverUrl: string;
    /** `owner/repo` (`GITHUB_REPOSITORY`). */
    repository: string | undefined;
    /** The commit being released (`GITHUB_SHA`). */
    commit: string | undefined;
    /** The parsed `GITHUB_EVENT_PATH` payload. */
    event: unknown;
  };
  /** Extra GitHub API attempts on 5xx and rate limits (default 3). */
  githubRetries?: number;
  now: () => Date;
  runner: Runner;
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
  const cwd = resolve(deps.workspace, checked.inputs.workingDirectory);
  const place: Place = { cwd, outDir: resolve(cwd, checked.inputs.outputDir) };
  try {
    // 2. The command.
    const outcome = await runCommand(checked.inputs, deps, place);
    // 3. Outputs, annotations, summary.
    report(outcome, deps);
    await runner.writeSummary(summaryOf(outcome, deps.now()));
    return 0;
  } catch (err) {
    const failure = failureOf(err, place.cwd, deps.workspace);
    runner.error(failure.message, { ...failure.place, title: `trailmark: ${failure.code}` });
    for (const cause of failure.causes) runner.info(`  caused by: ${cause}`);
    runner.setOutput('error-code', failure.code);
    return 1;
  }
}

/** release = change record → stamp → sbom → attest; the others run their one step. */
async function runCommand(inputs: ActionInputs, deps: RunDeps, place: Place): Promise<Outcome> {
  const warnings: string[] = [];
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
  const change = stamps || signs ? await changeStep(inputs, deps, warnings) : undefined;
  if (change) outcome.change = change;
  if (stamps)
    outcome.stamped = await stampStep(inputs, deps, place, change?.approvers ?? [], warnings);
  if (inputs.command === 'release' || inputs.command === 'sbom') {
    outcome.sbom = await sbomStep(
      inputs,
      deps,
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
      deps,
      place,
      { ...what, change: change?.change },
      warnings,
    );
    outcome.attestationUrls = attestationUrls(
      outcome.attestations,
      deps.github.serverUrl,
      deps.github.repository,
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
