import { join, relative, resolve } from 'node:path';
import type { CandidateBundle } from '@trailmark/verify';
import { listDirectory, readBytes, requireDirectory } from './read-file.js';

/** File names always read as bundles (a malformed one is reported, not skipped). */
const BUNDLE_SUFFIXES = ['.sigstore.json', '.sigstore'];
/** Prefix of every Sigstore bundle media type (v0.1 to v0.3). */
const BUNDLE_MEDIA_TYPE_PREFIX = 'application/vnd.dev.sigstore.bundle';

/**
 * Every bundle under the directories (recursive, sorted by path): `*.sigstore.json` and
 * `*.sigstore` files; `*.json` files whose `mediaType` names a Sigstore bundle (other JSON — an
 * SBOM, a policy — is not a candidate); and `*.jsonl` files, one bundle per line, as
 * `gh attestation download` writes them. Locations are the paths as the user would write them.
 *
 * @throws TrailmarkError `INPUT_*` for a directory that is missing or unreadable.
 */
export async function readBundleDirs(
  cwd: string,
  dirs: readonly string[],
): Promise<CandidateBundle[]> {
  const found: CandidateBundle[] = [];
  for (const dir of dirs) {
    const absolute = resolve(cwd, dir);
    const role = { path: dir, expected: 'a directory of Sigstore bundles (--bundles)' };
    await requireDirectory(absolute, role);
    const entries = await listDirectory(absolute, role, { recursive: true });
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) {
      const shown = join(dir, relative(absolute, file));
      found.push(...(await readCandidates(file, shown)));
    }
  }
  return found;
}

async function readCandidates(file: string, shown: string): Promise<CandidateBundle[]> {
  const name = file.toLowerCase();
  const always = BUNDLE_SUFFIXES.some((suffix) => name.endsWith(suffix));
  if (!always && !name.endsWith('.json') && !name.endsWith('.jsonl')) return [];
  const bytes = await readBytes(file, { path: shown, expected: 'a Sigstore bundle' });
  if (always) return [{ bytes, source: { kind: 'dir', location: shown } }];
  if (name.endsWith('.jsonl')) return jsonLines(bytes, shown);
  return looksLikeBundle(bytes) ? [{ bytes, source: { kind: 'dir', location: shown } }] : [];
}

// One bundle per non-empty line; the location names the line.
function jsonLines(bytes: Buffer, shown: string): CandidateBundle[] {
  return bytes
    .toString('utf8')
    .split('\n')
    .flatMap((line, i) =>
      line.trim() === ''
        ? []
        : [
            {
              bytes: Buffer.from(line, 'utf8'),
              source: { kind: 'dir' as const, location: `${shown}:${String(i + 1)}` },
            },
          ],
    );
}

// A `.json` file is a candidate only when it says it is a Sigstore bundle.
function looksLikeBundle(bytes: Buffer): boolean {
  try {
    const mediaType = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown } | null)
      ?.mediaType;
    return typeof mediaType === 'string' && mediaType.startsWith(BUNDLE_MEDIA_TYPE_PREFIX);
  } catch {
    return false; // not JSON, so not a bundle someone meant to give us
  }
}
