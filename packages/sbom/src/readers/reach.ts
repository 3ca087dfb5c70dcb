/**
 * Every ref reachable from `starts` by following `next` (breadth-first, iterative, linear in
 * the edges walked). The starts themselves are included.
 */
export function reachable(
  starts: Iterable<string>,
  next: (ref: string) => Iterable<string>,
): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    const ref = queue[i];
    if (ref === undefined) continue;
    for (const to of next(ref)) {
      if (seen.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return seen;
}
