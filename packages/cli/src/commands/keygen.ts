import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';

/** `trailmark keygen`: a key pair for air-gapped signing (private key 0600). */
export function keygenCommand(io: CliIo, done: (code: number) => void): Command {
  return new Command('keygen')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .description('Write a signing key pair: <dir>/trailmark.key (0600) and <dir>/trailmark.pub')
    .argument('[dir]', 'directory for the key pair', '.')
    .addOption(
      new Option('--algorithm <name>', 'key type')
        .choices(['ecdsa-p256', 'ed25519'])
        .default('ecdsa-p256'),
    )
    .action(async (dir: string, flags: { algorithm: 'ecdsa-p256' | 'ed25519' }) => {
      const { writeKeyPair } = await import('@trailmark/trailmark/keygen');
      const result = await writeKeyPair(resolve(io.cwd, dir), { algorithm: flags.algorithm });
      io.stdout(`${result.privateKey}\n${result.publicKey}\n`);
      done(0);
    });
}
