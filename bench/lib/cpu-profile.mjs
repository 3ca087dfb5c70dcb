// Reads a V8 `.cpuprofile` (node --cpu-prof) and sums self time per function.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The functions with the most self time: `{ fn, where, ms, share }`, highest first. `root` makes
 * file paths relative; node_modules paths are cut to the package.
 */
export function topSelfTime(profilePath, root, limit = 20) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const totals = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const key = `${frame.functionName || '(anonymous)'}\0${shortUrl(frame.url, root)}:${frame.lineNumber + 1}`;
    totals.set(key, (totals.get(key) ?? 0) + us);
    total += us;
  }
  return [...totals]
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .map(([key, us]) => {
      const [fn, where] = key.split('\0');
      return { fn, where, ms: Math.round(us / 1000), share: us / total };
    });
}

/** Self time summed per source file (our packages by file, dependencies by package). */
export function selfTimeByFile(profilePath, root, limit = 12) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const us = profile.timeDeltas[i] ?? 0;
    const file = frame ? shortUrl(frame.url, root) || `(${frame.functionName})` : '(unknown)';
    totals.set(file, (totals.get(file) ?? 0) + us);
    total += us;
  });
  return [...totals]
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .map(([file, us]) => ({ file, ms: Math.round(us / 1000), share: us / total }));
}

function shortUrl(url, root) {
  if (!url) return '';
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules !== -1)
    return `node_modules/${path.slice(modules + 14).replace(/^\.pnpm\/[^/]+\/node_modules\//, '')}`;
  return path.startsWith('/') ? relative(root, path) : path;
}
