import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Introducer } from '@trailmark/core';
import type { BlameLine, FileBlame, GitClient } from '@trailmark/git';
import {
  CODEOWNERS_LOCATIONS,
  lineKey,
  ownersOf,
  parseCodeowners,
  type Codeowners,
} from '@trailmark/manifest';
import { readText } from './read-file.js';

/** Reads the first CODEOWNERS file GitHub would use; undefined (and a warning) when there is none. */
export async function readCodeowners(
  repoRoot: string,
  warnings: string[],
): Promise<Codeowners | undefined> {
  for (const location of CODEOWNERS_LOCATIONS) {
    const path = join(repoRoot, location);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const text = await readText(path, { path: location, expected: 'the CODEOWNERS file' });
    const codeowners = parseCodeowners(text, location);
    for (const warning of codeowners.warnings) warnings.push(warning.message);
    return codeowners;
  }
  warnings.push(`no CODEOWNERS file (${CODEOWNERS_LOCATIONS.join(', ')}): owners left out`);
  return undefined;
}

/** Owners of each path; empty when CODEOWNERS is missing, so owners stay unknown rather than invented. */
export function ownersByPath(
  codeowners: Codeowners | undefined,
  paths: Iterable<string>,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!codeowners) return out;
  for (const path of paths) out.set(path, ownersOf(codeowners, path).owners);
  return out;
}

/**
 * Who introduced each source line: one `git blame` per file (not per object), falling back to the
 * file's last commit; lines with local changes are `uncommitted`.
 */
export async function readIntroducers(
  git: GitClient | undefined,
  lines: Iterable<{ path: string; line: number }>,
): Promise<Map<string, Introducer>> {
  const out = new Map<string, Introducer>();
  if (!git) return out;
  const byPath = new Map<string, Set<number>>();
  for (const { path, line } of lines) byPath.set(path, (byPath.get(path) ?? new Set()).add(line));
  // One git process per file, all at once; results are taken in path order, so the first failure
  // in that order is the one reported.
  const paths = [...byPath].sort(([a], [b]) => (a < b ? -1 : 1));
  const facts = await Promise.allSettled(paths.map(([path]) => fileFacts(git, path)));
  paths.forEach(([path, wanted], i) => {
    const settled = facts[i];
    if (settled?.status === 'rejected') throw settled.reason;
    const { blame, fallback, untracked } = settled?.value ?? {};
    for (const line of wanted) {
      const introducer = untracked
        ? { via: 'uncommitted' as const }
        : toIntroducer(blame?.lines[line - 1], fallback);
      if (introducer) out.set(lineKey(path, line), introducer);
    }
  });
  return out;
}

async function fileFacts(
  git: GitClient,
  path: string,
): Promise<{ blame: FileBlame | undefined; fallback: BlameLine | undefined; untracked: boolean }> {
  const blame = await git.blameFile(path);
  const fallback = blame ? undefined : await git.lastCommit(path);
  const untracked = !blame && !fallback && !(await git.isTracked(path));
  return { blame, fallback, untracked };
}

function toIntroducer(
  line: BlameLine | undefined,
  fallback: BlameLine | undefined,
): Introducer | undefined {
  // Uncommitted lines carry the time of the blame run: record only the fact, to stay deterministic.
  if (line?.uncommitted) return { via: 'uncommitted' };
  if (line) return introducerOf(line, 'blame');
  if (fallback) return introducerOf(fallback, 'last-commit');
  return undefined;
}

function introducerOf(line: BlameLine, via: 'blame' | 'last-commit'): Introducer {
  return { name: line.name, email: line.email, commit: line.commit, date: line.date, via };
}
