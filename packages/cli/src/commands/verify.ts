import { resolve } from 'node:path';
import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { repeatable } from '../options.js';

const FORMATS = ['text', 'json', 'sarif', 'markdown', 'policy-report', 'html'] as const;
type Format = (typeof FORMATS)[number];

interface VerifyFlags {
  snapshot?: string;
  kubeconfig?: string;
  context?: string;
  bundles: string[];
  oci?: boolean;
  registryInsecure?: boolean;
  githubAttestations: string[];
  policy?: string;
  key: string[];
  certificateIdentity: string[];
  certificateIdentityPattern: string[];
  certificateOidcIssuer?: string;
  trustedRoot?: string;
  format: Format;
  output?: string;
  report: string[];
}

/** `trailmark verify`: what runs in the cluster against signed evidence and the policy. */
export function verifyCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<VerifyFlags>(io, done, {
    name: 'verify',
    description:
      'Check every running workload against signed attestations and the policy; exit 1 when the policy fails',
    configure,
    run: (context, _args, flags) => runVerify(context, flags),
  });
}

function configure(command: Command): Command {
  return command
    .option('--snapshot <file>', 'a `trailmark snapshot` file or `kubectl get … -o json` output')
    .option('--kubeconfig <file>', 'read a live cluster (default: KUBECONFIG, ~/.kube/config)')
    .option('--context <name>', 'kubeconfig context')
    .addOption(repeatable('--bundles <dir>', 'a directory of Sigstore bundles'))
    .option('--oci', "look for bundles in each running image's registry")
    .option('--registry-insecure', 'plain http to a registry on localhost/127.0.0.1 (tests)')
    .addOption(
      repeatable('--github-attestations <owner/repo>', "ask this repository's attestations API"),
    )
    .option('--policy <file>', 'the verify policy (YAML, schemas/verify-policy.v1)')
    .addOption(repeatable('--key <pem>', 'trust bundles signed by this public key'))
    .addOption(
      repeatable(
        '--certificate-identity <san>',
        'trust this certificate identity, matched exactly',
      ),
    )
    .addOption(
      repeatable(
        '--certificate-identity-pattern <regex>',
        'trust identities the WHOLE of which match this pattern (always anchored)',
      ),
    )
    .option('--certificate-oidc-issuer <url>', 'the OIDC issuer of the identities above')
    .option('--trusted-root <file>', 'trusted_root.json for air-gapped use (default: TUF)')
    .addOption(
      new Option('--format <format>', 'report format on stdout (or -o)')
        .choices(FORMATS)
        .default('text'),
    )
    .option('-o, --output <file>', 'write the report there instead of stdout')
    .addOption(
      repeatable('--report <format=file>', 'also write the report in another format to a file'),
    );
}

async function runVerify(context: CommandContext, flags: VerifyFlags): Promise<number> {
  const { io } = context;
  const extra = flags.report.map(parseReportFlag);
  const { verify } = await import('@trailmark/trailmark/verify');
  const { renderReport } = await import('@trailmark/trailmark/report');
  const { TRAILMARK_VERSION } = await import('@trailmark/trailmark/version');
  const { writeFilesAtomic } = await import('@trailmark/trailmark/write-output');
  const result = await verify({
    cwd: io.cwd,
    env: io.env,
    ...optional('snapshot', flags.snapshot),
    ...optional('kubeconfig', flags.kubeconfig),
    ...optional('context', flags.context),
    ...optional('policy', flags.policy),
    ...optional('trustedRoot', flags.trustedRoot),
    bundleDirs: flags.bundles,
    oci: flags.oci === true,
    registryInsecure: flags.registryInsecure === true,
    githubRepositories: flags.githubAttestations,
    identities: identityFlags(flags),
    ...(io.stderrIsTty === true
      ? {
          progress: (line: string) => {
            io.stderr(`trailmark: ${line}\n`);
          },
        }
      : {}),
  });
  context.warn(result.warnings);
  for (const origin of result.trustOrigins) context.detail(`trusted root: ${origin}`);
  const render = (format: Format): string =>
    renderReport(result.report, format, {
      toolVersion: TRAILMARK_VERSION,
      color: flags.output === undefined && io.stdoutIsTty === true && format === 'text',
    });
  const files = extra.map(({ format, file }) => ({
    path: resolve(io.cwd, file),
    content: render(format),
    shown: file,
    expected: `the ${format} report (--report)`,
  }));
  if (flags.output === undefined) io.stdout(render(flags.format));
  else
    files.unshift({
      path: resolve(io.cwd, flags.output),
      content: render(flags.format),
      shown: flags.output,
      expected: `the ${flags.format} report (-o)`,
    });
  if (files.length > 0) await writeFilesAtomic(files);
  const { summary, verdict } = result.report;
  context.status(
    `verify: ${verdict === 'pass' ? 'PASS' : 'FAIL'}: ${summary.attributed}/${summary.workloads} workloads attributed, ${summary.failing} failing findings`,
  );
  return verdict === 'pass' ? EXIT.ok : EXIT.verdictNo;
}

function identityFlags(flags: VerifyFlags): {
  keys: string[];
  subjects: string[];
  patterns: string[];
  issuer?: string;
} {
  const certificate = flags.certificateIdentity.length + flags.certificateIdentityPattern.length;
  if (certificate > 0 && flags.certificateOidcIssuer === undefined)
    throw usage('--certificate-identity needs --certificate-oidc-issuer');
  return {
    keys: flags.key,
    subjects: flags.certificateIdentity,
    patterns: flags.certificateIdentityPattern,
    ...optional('issuer', flags.certificateOidcIssuer),
  };
}

function parseReportFlag(value: string): { format: Format; file: string } {
  const at = value.indexOf('=');
  const format = value.slice(0, at);
  const file = value.slice(at + 1);
  if (at < 1 || file === '' || !(FORMATS as readonly string[]).includes(format))
    throw usage(`--report ${value}: expected FORMAT=FILE, FORMAT one of ${FORMATS.join(', ')}`);
  return { format: format as Format, file };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function usage(message: string): TrailmarkError {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', `verify: ${message}`);
}
