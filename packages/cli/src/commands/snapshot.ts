import type { Command } from 'commander';
import { createCommand, type CommandContext } from '../command.js';
import type { CliIo } from '../io.js';

interface SnapshotFlags {
  output: string;
  kubeconfig?: string;
  context?: string;
  from?: string;
}

/** `trailmark snapshot`: what verify and trace need from a cluster, in one file, for offline audits. */
export function snapshotCommand(io: CliIo, done: (code: number) => void): Command {
  return createCommand<SnapshotFlags>(io, done, {
    name: 'snapshot',
    description:
      'Write the cluster objects verify and trace read (workloads, pods, RBAC, service accounts, Secret metadata — never Secret data) to a file',
    configure: (command) =>
      command
        .requiredOption('-o, --output <file>', 'the snapshot file to write')
        .option(
          '--kubeconfig <file>',
          'kubeconfig (default: KUBECONFIG, the in-cluster service account, ~/.kube/config)',
        )
        .option('--context <name>', 'kubeconfig context (default: its current context)')
        .option(
          '--from <file>',
          'convert `kubectl get … -o json|yaml` output instead of reading a cluster',
        ),
    run: (context, _args, flags) => runSnapshot(context, flags),
  });
}

async function runSnapshot(context: CommandContext, flags: SnapshotFlags): Promise<number> {
  const { io } = context;
  const { snapshot } = await import('@trailmark/trailmark/snapshot');
  const result = await snapshot({
    cwd: io.cwd,
    env: io.env,
    output: flags.output,
    ...(flags.from === undefined ? {} : { snapshot: flags.from }),
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
  });
  context.warn(result.notes);
  for (const { kind, count } of result.counts) context.detail(`${kind}: ${count}`);
  const total = result.counts.reduce((sum, entry) => sum + entry.count, 0);
  const { source } = result;
  const from =
    source.kind === 'cluster'
      ? `context ${source.context ?? '?'} (${source.server ?? '?'})`
      : (source.file ?? 'the file');
  context.status(`snapshot of ${total} objects from ${from} written to ${result.output}`);
  return 0;
}
