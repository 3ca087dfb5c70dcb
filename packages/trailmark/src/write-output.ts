import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Writes files all-or-nothing as far as the filesystem allows: every file goes to a temporary
 * sibling first, and only when all are written are they renamed into place.
 */
export async function writeFilesAtomic(
  files: readonly { path: string; content: string }[],
): Promise<void> {
  const staged: { temp: string; path: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      const temp = join(
        dirname(file.path),
        `.${basename(file.path)}.${randomBytes(6).toString('hex')}.tmp`,
      );
      staged.push({ temp, path: file.path });
      await writeFile(temp, file.content, { mode: 0o644 });
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
}
