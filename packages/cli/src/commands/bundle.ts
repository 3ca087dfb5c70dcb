import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import { Command } from 'commander';
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
  const verify = new Command('verify-bundle')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .description(
      'Verify a Sigstore bundle against a file or sha256 digest; exit 0 only when it verifies',
    )
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
    )
    .action(async (artifact: string, flags: VerifyFlags) => {
      const { verifyBundleFile } = await import('@trailmark/trailmark/verify-bundle');
      const verdict = await verifyBundleFile({
        cwd: io.cwd,
        bundle: flags.bundle,
        artifact,
        policy: policyOf(flags),
        ...(flags.trustedRoot ? { trustedRoot: flags.trustedRoot } : {}),
        staging: flags.staging === true,
      });
      if (verdict.ok) {
        const signer =
          verdict.signer?.subjectAlternativeName ??
          verdict.signer?.publicKeyHint ??
          'the given key';
        io.stdout(
          `OK: bundle v${verdict.bundleVersion} verifies; signed by ${signer}${verdict.signer?.issuer ? ` (${verdict.signer.issuer})` : ''}\n`,
        );
        done(EXIT.ok);
      } else {
        io.stdout(
          `FAILED: ${verdict.code ?? 'NOT_VERIFIED'}: ${verdict.reason ?? 'the bundle does not verify'}\n`,
        );
        done(EXIT.verdictNo);
      }
    });
  return new Command('bundle').description('Work with Sigstore bundles').addCommand(verify);
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
