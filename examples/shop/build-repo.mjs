// Builds the demo app repository (acme/shop) as a real git repository with line-level history.
//
//   import { buildExampleRepo } from './build-repo.mjs';
//   const { dir, commits } = await buildExampleRepo('/tmp/shop');
//
// or from a shell: node examples/shop/build-repo.mjs <targetDir>
//
// The plan is history.json: an ordered list of commits. Each entry of `files` is either a
// repo-relative path (content taken from repo/<path>) or { path, from } (content taken from
// examples/shop/<from>, an earlier version of that file). Optional `delete` lists paths to remove.
// After the last commit the tree must equal repo/ exactly; this is checked.
//
// Git runs with system and global configuration ignored, so the same plan always yields the
// same commit SHAs. Plain Node ESM, no dependencies.

import { execFileSync } from 'node:child_process';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_SRC = path.join(HERE, 'repo');
export const REMOTE_URL = 'https://github.com/acme/shop';

/** Every file under dir, as sorted repo-relative POSIX paths. */
async function listFiles(dir, prefix = '') {
  const out = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (rel === '.git') continue;
      out.push(...(await listFiles(dir, rel)));
    } else {
      out.push(rel);
    }
  }
  return out.sort();
}

function checkRelative(p) {
  if (typeof p !== 'string' || p === '' || p.startsWith('/') || p.split('/').includes('..')) {
    throw new Error(`history.json: bad path ${JSON.stringify(p)}`);
  }
  return p;
}

/**
 * Execute history.json into targetDir (created if missing; must be empty).
 * @param {string} targetDir
 * @returns {Promise<{ dir: string, commits: string[] }>} absolute dir and commit SHAs, oldest first
 */
export async function buildExampleRepo(targetDir) {
  const dir = path.resolve(targetDir);
  const plan = JSON.parse(await readFile(path.join(HERE, 'history.json'), 'utf8'));
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0) throw new Error(`buildExampleRepo: ${dir} is not empty`);

  const baseEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: path.join(dir, '.git', 'no-global-config'),
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  const git = (args, env = {}) =>
    execFileSync(
      'git',
      [
        '-c',
        'commit.gpgsign=false',
        '-c',
        'core.autocrlf=false',
        '-c',
        'core.hooksPath=/dev/null',
        ...args,
      ],
      {
        cwd: dir,
        env: { ...baseEnv, ...env },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ).trim();

  git(['init', '-q', '-b', 'main']);
  git(['remote', 'add', 'origin', REMOTE_URL]);

  const commits = [];
  for (const [i, c] of plan.entries()) {
    const touched = [];
    for (const f of c.files ?? []) {
      const rel = checkRelative(typeof f === 'string' ? f : f.path);
      const src =
        typeof f === 'string' ? path.join(REPO_SRC, rel) : path.join(HERE, checkRelative(f.from));
      const dest = path.join(dir, rel);
      await mkdir(path.dirname(dest), { recursive: true });
      await writeFile(dest, await readFile(src), { mode: 0o644 });
      touched.push(rel);
    }
    for (const p of c.delete ?? []) {
      await rm(path.join(dir, checkRelative(p)));
      touched.push(p);
    }
    if (touched.length === 0) throw new Error(`history.json: commit ${i} changes nothing`);
    git(['add', '-A', '--', ...touched]);
    const { name, email } = c.author;
    git(['commit', '-q', '--no-verify', '-m', c.message], {
      GIT_AUTHOR_NAME: name,
      GIT_AUTHOR_EMAIL: email,
      GIT_AUTHOR_DATE: c.date,
      GIT_COMMITTER_NAME: name,
      GIT_COMMITTER_EMAIL: email,
      GIT_COMMITTER_DATE: c.date,
    });
    commits.push(git(['rev-parse', 'HEAD']));
  }

  // The final tree must be exactly repo/.
  const want = await listFiles(REPO_SRC);
  const tracked = git(['ls-files', '-z']).split('\0').filter(Boolean).sort();
  if (JSON.stringify(tracked) !== JSON.stringify(want)) {
    throw new Error(
      `buildExampleRepo: final tree differs from repo/:\n tracked ${tracked.join(' ')}\n    want ${want.join(' ')}`,
    );
  }
  for (const rel of want) {
    const [a, b] = await Promise.all([
      readFile(path.join(REPO_SRC, rel)),
      readFile(path.join(dir, rel)),
    ]);
    if (!a.equals(b))
      throw new Error(`buildExampleRepo: ${rel} differs from repo/${rel} after the last commit`);
  }
  if (git(['status', '--porcelain']) !== '')
    throw new Error('buildExampleRepo: working tree not clean');

  return { dir, commits };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('usage: node build-repo.mjs <targetDir>\n');
    process.exitCode = 2;
  } else {
    const result = await buildExampleRepo(target);
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  }
}
