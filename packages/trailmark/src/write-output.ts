import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TrailmarkError, asFileError, type InputErrorCode } from '@trailmark/core';

/** One file a run writes. */
export interface OutputFile {
  /** Absolute destination. */
  path: string;
  content: string;
  /** The path for messages, as the user gave it (default: the absolute `path`). */
  shown?: string;
  /** What the file is, for messages (default: `the output file`). */
  expected?: string;
}

// A destination: staged through a temporary sibling, or written in place when it is (or links to)
// a device or a pipe (`-o /dev/stdout`), which must never be replaced by a rename.
interface Plan {
  file: OutputFile;
  direct: boolean;
  existed: boolean;
  temp: string;
  backup: string | undefined;
  created: string | undefined;
  placed: boolean;
}

/**
 * Writes the outputs of one run all-or-nothing: each file goes to a temporary sibling (in the
 * destination's directory, so the rename cannot cross filesystems); only when every one is
 * written are they renamed into place. On any failure the temporaries, the directories this call
 * created and the files already renamed are removed (a file that existed before is restored), so
 * nothing half-written is left. Filesystem refusals become input errors naming the path
 * (`fileErrorOf`); a destination that is a directory, or named twice, is refused before anything
 * is written.
 */
export async function writeFilesAtomic(files: readonly OutputFile[]): Promise<void> {
  refuseDuplicates(files);
  const plans = await Promise.all(files.map(planFile));
  try {
    // 1. Everything is written somewhere temporary (or, for devices, in place) …
    for (const plan of plans) await stage(plan);
    // 2. … then renamed into place, old contents kept aside until all renames succeeded.
    for (const plan of plans) await place(plan);
  } catch (error) {
    await rollBack(plans);
    throw error;
  }
  for (const plan of plans) if (plan.backup) await rm(plan.backup, { force: true });
}

function refuseDuplicates(files: readonly OutputFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.path))
      throw new TrailmarkError<InputErrorCode>(
        'INPUT_USAGE',
        `${shownOf(file)}: named as two outputs of one run`,
      );
    seen.add(file.path);
  }
}

async function planFile(file: OutputFile): Promise<Plan> {
  const info = await stat(file.path).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw writeError(error, file);
  });
  if (info?.isDirectory())
    throw writeError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), file);
  const temp = join(
    dirname(file.path),
    `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  return {
    file,
    direct: info !== undefined && !info.isFile(),
    existed: info !== undefined,
    temp,
    backup: undefined,
    created: undefined,
    placed: false,
  };
}

async function stage(plan: Plan): Promise<void> {
  try {
    if (plan.direct) {
      await writeFile(plan.file.path, plan.file.content);
      return;
    }
    plan.created = await mkdir(dirname(plan.file.path), { recursive: true });
    await writeFile(plan.temp, plan.file.content, { mode: 0o644, flag: 'wx' });
  } catch (error) {
    throw writeError(error, plan.file);
  }
}

async function place(plan: Plan): Promise<void> {
  if (plan.direct) return;
  try {
    // A hard link keeps the old file so a later failure can put it back.
    const backup = `${plan.temp}.old`;
    plan.backup = await link(plan.file.path, backup).then(
      () => backup,
      () => undefined,
    );
    await rename(plan.temp, plan.file.path);
    plan.placed = true;
  } catch (error) {
    throw writeError(error, plan.file);
  }
}

async function rollBack(plans: readonly Plan[]): Promise<void> {
  for (const plan of [...plans].reverse()) {
    // An old file without a backup (no hard links here) cannot be restored: the new one stays.
    if (plan.placed && plan.backup)
      await rename(plan.backup, plan.file.path).catch(() => undefined);
    else if (plan.placed && !plan.existed) await rm(plan.file.path, { force: true });
    await rm(plan.temp, { force: true });
    if (plan.backup) await rm(plan.backup, { force: true });
    if (plan.created) await rm(plan.created, { recursive: true, force: true });
  }
}

function writeError(error: unknown, file: OutputFile): unknown {
  return asFileError(error, {
    path: shownOf(file),
    expected: file.expected ?? 'the output file',
    operation: 'write',
  });
}

function shownOf(file: OutputFile): string {
  return file.shown ?? file.path;
}
