import { Option, type Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import { repeatable } from '../options.js';
import { evidenceOptions, verifyOptionsOf, type EvidenceFlags } from './evidence-flags.js';
import { serveSettingsOf, type ServeFlags } from './serve-flags.js';

/** `trailmark serve`: the alert webhook — every accepted alert traced and escalated exactly once. */
export function serveCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<ServeFlags & EvidenceFlags>(io, done, {
    name: 'serve',
    description:
      'Run the alert webhook: POST /v1/alerts (Falco, falcosidekick, Alertmanager, audit, Tetragon) → traced, stored, escalated exactly once; /healthz, /readyz, /metrics',
    configure,
    run: (context, _args, flags) =>
      flags.status === true ? runStatus(context, flags) : runServe(context, flags),
  });
}

function configure(command: Command): Command {
  return evidenceOptions(command)
    .option('--listen <host:port>', 'address to listen on (default 127.0.0.1:8080)')
    .option('--config <file>', 'settings file, YAML or JSON (schemas/serve-config.v1)')
    .option('--token-file <file>', 'file holding the bearer token senders must present (required)')
    .option(
      '--hmac-secret-file <file>',
      'also require X-Trailmark-Signature-256 (HMAC-SHA256 of the body)',
    )
    .option(
      '--store <url>',
      'outbox: sqlite:PATH or postgres://… (default sqlite:./trailmark-serve.db; env TRAILMARK_STORE_URL)',
    )
    .addOption(
      repeatable('--escalate <target>', '`github` (issue in the source repo) or `webhook=URL`'),
    )
    .option('--webhook-secret-file <file>', 'HMAC-SHA256 secret for --escalate webhook=URL')
    .addOption(repeatable('--label <label>', 'extra label on GitHub issues'))
    .addOption(integer('--max-body <bytes>', 'largest request body (default 1048576)'))
    .addOption(
      integer('--queue-size <n>', 'alerts waiting for their commit before 429 (default 10000)'),
    )
    .addOption(integer('--max-attempts <n>', 'attempts before a job is dead-lettered (default 8)'))
    .addOption(integer('--workers <n>', 'escalation workers (default 2; 0 = accept only)'))
    .addOption(
      integer(
        '--lease-ms <ms>',
        "lease of a claimed job; a crashed worker's jobs are taken over after it (default 60000)",
      ),
    )
    .addOption(integer('--request-timeout-ms <ms>', 'per-request timeout (default 10000)'))
    .addOption(
      integer(
        '--shutdown-timeout-ms <ms>',
        'how long SIGTERM waits for work in flight (default 20000)',
      ),
    )
    .option(
      '--retain-done <duration>',
      'how long done jobs are kept, e.g. 36h, 7d (default 7d; 0 = forever)',
    )
    .option(
      '--status',
      'print the outbox state of --store (pending, in flight, done, dead letters) and exit',
    )
    .addHelpText(
      'after',
      '\nEnvironment: TRAILMARK_SERVE_<FLAG> mirrors each flag (e.g. TRAILMARK_SERVE_LISTEN, TRAILMARK_SERVE_TOKEN_FILE;\nlists comma-separated), TRAILMARK_SERVE_CONFIG, TRAILMARK_STORE_URL, GITHUB_TOKEN, GITHUB_API_URL.\nPrecedence: flags > environment > --config file > defaults.\nExit: 0 stopped cleanly (SIGTERM), 2 bad settings, 3 store or cluster unreachable, 4 internal error.\n',
    );
}

function integer(flags: string, description: string): Option {
  return new Option(flags, description).argParser((value: string) =>
    /^\d+$/.test(value) ? Number(value) : value,
  );
}

async function runServe(
  context: CommandContext,
  flags: ServeFlags & EvidenceFlags,
): Promise<number> {
  const { io } = context;
  const { serve } = await import('@trailmark/trailmark/serve');
  const verify = verifyOptionsOf(io, flags, 'serve');
  const controller = new AbortController();
  const unsubscribe = io.onStopSignal?.(() => {
    controller.abort();
  });
  try {
    await serve({
      cwd: io.cwd,
      env: io.env,
      flags: serveSettingsOf(flags),
      ...(flags.config === undefined ? {} : { configFile: flags.config }),
      identities: verify.identities,
      evidence: {
        oci: verify.oci,
        githubRepositories: verify.githubRepositories,
        ...(verify.registryInsecure === undefined
          ? {}
          : { registryInsecure: verify.registryInsecure }),
      },
      signal: controller.signal,
      onListening: (url) => {
        io.stderr(`trailmark: serve listening on ${url}\n`);
      },
    });
  } finally {
    unsubscribe?.();
  }
  context.status('serve: stopped');
  return EXIT.ok;
}

async function runStatus(context: CommandContext, flags: ServeFlags): Promise<number> {
  const { io } = context;
  const { serveStatus, renderServeStatus } = await import('@trailmark/trailmark/serve');
  const store =
    flags.store ??
    io.env.TRAILMARK_SERVE_STORE ??
    io.env.TRAILMARK_STORE_URL ??
    'sqlite:./trailmark-serve.db';
  io.stdout(renderServeStatus(await serveStatus({ store, cwd: io.cwd })));
  return EXIT.ok;
}
