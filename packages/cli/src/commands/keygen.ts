import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { createCommand } from '../command.js';
import type { CliIo } from '../io.js';

interface KeygenFlags {
  algorithm: 'ecdsa-p256' | 'ed25519';
}

/** `trailmark keygen`: a key pair for air-gapped signing (private key 0600). */
export function keygenCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<KeygenFlags>(io, done, {
    name: 'keygen',
    description: 'Write a signing key pair: <dir>/trailmark.key (0600) and <dir>/trailmark.pub',
    configure: (command) =>
      command
        .argument('[dir]', 'directory for the key pair', '.')
        .addOption(
          new Option('--algorithm <name>', 'key type')
            .choices(['ecdsa-p256', 'ed25519'])
            .default('ecdsa-p256'),
        ),
    run: async (context, args, flags) => {
      const { writeKeyPair } = await import('@trailmark/trailmark/keygen');
      const dir = resolve(context.io.cwd, args[0] as string);
      const result = await writeKeyPair(dir, { algorithm: flags.algorithm });
      context.io.stdout(`${result.privateKey}\n${result.publicKey}\n`);
      context.detail(
        `${result.algorithm} key; bundles signed with it carry the hint ${result.hint}`,
      );
      return 0;
    },
  });
}
