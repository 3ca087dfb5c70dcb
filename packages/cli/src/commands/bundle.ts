import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import type { Command } from 'commander';
import { createCommand, createGroup, type CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';

interface VerifyFlags {
  staging?: boolean;
  bundle: string;
  certificateIdentity?: string;
  certificateOidcIssuer?: string;
  key?: string;
  trustedRoot?: string;
}

/**
 * `trailmark bundle verify-bundle`: one bundle against one artifact, following the
 * sigstore-conformance CLI protocol, so release managers (and the conformance suite) can drive it.
 */
export function bundleCommand(io: CliIo, done: (code: number) => void): Command {
  const verify = createCommand<VerifyFlags>(io, done, {
    name: 'verify-bundle',
    description:
      'Verify a Sigstore bundle against a file or sha256 digest; exit 0 only when it verifies',
    configure,
    run: (context, args, flags) => runVerify(context, args[0] as string, flags),
  });
  return createGroup(io, 'bundle', 'Work with Sigstore bundles', [verify]);
}

function configure(command: Command): Command {
  return command
    .argument(
      '<file-or-digest>',
      'the artifact, or sha256:<64 hex> (for DSSE: a subject of the statement)',
    )
    .option('--staging', 'use the Sigstore staging trusted root')
    .requiredOption('--bundle <file>', 'the bundle (.sigstore.json)')
    .option('--certificate-identity <san>', 'expected certificate SAN, matched exactly')
    .option('--certificate-oidc-issuer <url>', 'expected OIDC issuer, matched exactly')
    .option('--key <pem>', 'verify with this public key instead of a certificate identity')
    .option(
      '--trusted-root <file>',
      'trusted_root.json (default: the bundled public-good or staging snapshot)',
    );
}

async function runVerify(
  context: CommandContext,
  artifact: string,
  flags: VerifyFlags,
): Promise<number> {
  const { io } = context;
  const { verifyBundleFile } = await import('@trailmark/trailmark/verify-bundle');
  const policy = policyOf(flags);
  context.detail(
    'keyPath' in policy
      ? `policy: signed by the key in ${policy.keyPath}`
      : `policy: certificate identity ${policy.identity}, issuer ${policy.issuer}`,
  );
  const verdict = await verifyBundleFile({
    cwd: io.cwd,
    bundle: flags.bundle,
    artifact,
    policy,
    ...(flags.trustedRoot ? { trustedRoot: flags.trustedRoot } : {}),
    staging: flags.staging === true,
  });
  if (!verdict.ok) {
    io.stdout(
      `FAILED: ${verdict.code ?? 'NOT_VERIFIED'}: ${verdict.reason ?? 'the bundle does not verify'}\n`,
    );
    return EXIT.verdictNo;
  }
  const signer =
    verdict.signer?.subjectAlternativeName ?? verdict.signer?.publicKeyHint ?? 'the given key';
  io.stdout(
    `OK: bundle v${verdict.bundleVersion} verifies; signed by ${signer}${verdict.signer?.issuer ? ` (${verdict.signer.issuer})` : ''}\n`,
  );
  return EXIT.ok;
}

function policyOf(flags: VerifyFlags): { identity: string; issuer: string } | { keyPath: string } {
  if (flags.key !== undefined) {
    if (flags.certificateIdentity !== undefined)
      throw usage('give --key or --certificate-identity, not both');
    return { keyPath: flags.key };
  }
  if (flags.certificateIdentity === undefined || flags.certificateOidcIssuer === undefined) {
    throw usage('give --certificate-identity and --certificate-oidc-issuer, or --key');
  }
  return { identity: flags.certificateIdentity, issuer: flags.certificateOidcIssuer };
}

function usage(message: string): TrailmarkError {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', `verify-bundle: ${message}`);
}
