import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import type { VerifyOptions } from '@trailmark/trailmark/verify';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { repeatable } from '../options.js';

/** The flags verify and trace share: where the cluster, the evidence and the policy come from. */
export interface EvidenceFlags {
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
}

/** Adds {@link EvidenceFlags} to a command. */
export function evidenceOptions(command: Command): Command {
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
    .option('--trusted-root <file>', 'trusted_root.json for air-gapped use (default: TUF)');
}

/** The facade's verify options from the shared flags (`command` names the command in errors). */
export function verifyOptionsOf(io: CliIo, flags: EvidenceFlags, command: string): VerifyOptions {
  return {
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
    identities: identityFlags(flags, command),
    ...(io.stderrIsTty === true
      ? {
          progress: (line: string) => {
            io.stderr(`trailmark: ${line}\n`);
          },
        }
      : {}),
  };
}

function identityFlags(flags: EvidenceFlags, command: string): VerifyOptions['identities'] {
  const certificate = flags.certificateIdentity.length + flags.certificateIdentityPattern.length;
  if (certificate > 0 && flags.certificateOidcIssuer === undefined)
    throw usage(command, '--certificate-identity needs --certificate-oidc-issuer');
  return {
    keys: flags.key,
    subjects: flags.certificateIdentity,
    patterns: flags.certificateIdentityPattern,
    ...optional('issuer', flags.certificateOidcIssuer),
  };
}

/** `{key: value}` when value is defined, else `{}` (exactOptionalPropertyTypes). */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** A usage error of `command` (exit 2). */
export function usage(command: string, message: string): TrailmarkError {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', `${command}: ${message}`);
}
