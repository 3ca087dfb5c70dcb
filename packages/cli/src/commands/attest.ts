import { TrailmarkError, type InputErrorCode } from '@trailmark/core';
import type { AttestOptions, SigningOptions } from '@trailmark/trailmark';
import type { Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import type { CliIo } from '../io.js';
import { imageOption, repeatable } from '../options.js';

interface AttestFlags {
  origin?: string;
  sbom?: string;
  image: string[];
  manifests: string[];
  key?: string;
  keyless?: boolean;
  identityToken?: string;
  fulcioUrl?: string;
  rekorUrl?: string;
  tsaUrl?: string;
  noRekor?: boolean;
  output?: string;
  pushOci?: boolean;
  registryInsecure?: boolean;
  uploadGithub?: boolean;
  githubRepository?: string;
}

/** `trailmark attest`: signed in-toto attestations as Sigstore bundles, published where verifiers look. */
export function attestCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<AttestFlags>(io, done, {
    name: 'attest',
    description:
      'Sign SLSA provenance, SBOM and deployment-origin attestations as Sigstore bundles',
    configure,
    run: (context, _args, flags) => runAttest(context, flags),
  });
}

function configure(command: Command): Command {
  return command
    .option(
      '--origin <file>',
      'origin records from `stamp --origin-out` (deployment-origin attestation)',
    )
    .option('--sbom <file>', 'CycloneDX SBOM from `trailmark sbom` (SBOM attestation)')
    .addOption(imageOption('image subject (default: digest-pinned images in --manifests)'))
    .addOption(repeatable('--manifests <file>', 'stamped manifest file, a subject by content hash'))
    .option(
      '--key <file>',
      'sign with this PEM private key (ECDSA P-256 or Ed25519; see `trailmark keygen`)',
    )
    .option(
      '--keyless',
      'sign keyless: OIDC token → Fulcio certificate, Rekor entry and/or TSA timestamp',
    )
    .option(
      '--identity-token <jwt>',
      'OIDC token for keyless signing (default: from GitHub Actions)',
    )
    .option(
      '--fulcio-url <url>',
      "Fulcio (default: by the repository's visibility — public: https://fulcio.sigstore.dev, private/internal/unknown: https://fulcio.githubapp.com)",
    )
    .option(
      '--rekor-url <url>',
      'Rekor (default: https://rekor.sigstore.dev for public repositories, none otherwise); with --tsa-url, only those given witness',
    )
    .option(
      '--tsa-url <url>',
      'RFC 3161 timestamp authority (default: https://timestamp.githubapp.com/api/v1/timestamp for private/internal/unknown)',
    )
    .option('-o, --output <dir>', 'write one *.sigstore.json per attestation here')
    .option(
      '--push-oci',
      'attach each bundle to each image in its registry (referrers, tag fallback)',
    )
    .option('--registry-insecure', 'plain http to a registry on localhost/127.0.0.1 (tests)')
    .option('--upload-github', 'upload each bundle to the GitHub attestations API (GITHUB_TOKEN)')
    .option(
      '--github-repository <owner/repo>',
      'repository for --upload-github (default: GITHUB_REPOSITORY)',
    );
}

async function runAttest(context: CommandContext, flags: AttestFlags): Promise<number> {
  const { io } = context;
  const { attest, describeKeylessEndpoints } = await import('@trailmark/trailmark/attest');
  const result = await attest(toOptions(io, flags));
  context.warn(result.warnings);
  if (result.keyless) context.status(describeKeylessEndpoints(result.keyless));
  for (const attestation of result.attestations) {
    const where = [
      attestation.path,
      ...attestation.pushed.map((p) => `${p.image} (${p.via} ${p.digest.slice(0, 19)}…)`),
      attestation.uploaded ? `GitHub attestation ${attestation.uploaded.id}` : undefined,
    ].filter(Boolean);
    io.stdout(
      `${attestation.kind}\t${attestation.predicateType}\t${where.join('\t') || '(not written: use -o, --push-oci or --upload-github)'}\n`,
    );
    context.detail(`${attestation.kind} subjects: ${subjectNames(attestation.json)}`);
  }
  return 0;
}

// The subject names of a signed bundle's statement, for --verbose.
function subjectNames(bundleJson: string): string {
  const bundle = JSON.parse(bundleJson) as { dsseEnvelope?: { payload?: string } };
  const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8');
  const statement = JSON.parse(payload || '{}') as { subject?: { name?: string }[] };
  return (statement.subject ?? []).map((subject) => subject.name ?? '?').join(', ');
}

function toOptions(io: CliIo, flags: AttestFlags): AttestOptions {
  return {
    cwd: io.cwd,
    env: io.env,
    ...(flags.origin === undefined ? {} : { origin: flags.origin }),
    ...(flags.sbom === undefined ? {} : { sbom: flags.sbom }),
    images: flags.image,
    manifests: flags.manifests,
    signing: signing(flags),
    ...(flags.output === undefined ? {} : { outDir: flags.output }),
    // Registry credentials, GitHub token, API root and repository: the facade's config reads them.
    ...(flags.pushOci ? { pushOci: { insecure: flags.registryInsecure === true } } : {}),
    ...(flags.uploadGithub
      ? {
          uploadGithub:
            flags.githubRepository === undefined ? {} : { repository: flags.githubRepository },
        }
      : {}),
  };
}

function signing(flags: AttestFlags): SigningOptions {
  if (flags.key !== undefined && flags.keyless)
    throw usage('give either --key FILE or --keyless, not both');
  if (flags.key !== undefined) return { kind: 'key', keyPath: flags.key };
  if (!flags.keyless)
    throw usage('choose how to sign: --key FILE (air-gapped) or --keyless (OIDC)');
  return {
    kind: 'keyless',
    ...(flags.fulcioUrl === undefined ? {} : { fulcioUrl: flags.fulcioUrl }),
    ...(flags.identityToken === undefined ? {} : { identityToken: flags.identityToken }),
    ...(flags.rekorUrl === undefined ? {} : { rekorUrl: flags.rekorUrl }),
    ...(flags.tsaUrl === undefined ? {} : { tsaUrl: flags.tsaUrl }),
  };
}

function usage(message: string): TrailmarkError {
  return new TrailmarkError<InputErrorCode>('INPUT_USAGE', `attest: ${message}`);
}
