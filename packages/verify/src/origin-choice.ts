import type { OriginMatch } from './evidence-index.js';

/**
 * Which of several verified records of one object is the current one:
 * 1. when every record carries a verified signing time, the newest;
 * 2. otherwise the one whose image digests agree with most running containers (the release that
 *    is deployed); ties keep the record whose annotations digest equals the live one, then the
 *    first in evidence order.
 */
export function chooseRecord(
  matches: readonly OriginMatch[],
  running: ReadonlyMap<string, string>,
  liveAnnotationsDigest: string,
): OriginMatch | undefined {
  if (matches.length <= 1) return matches[0];
  if (matches.every((match) => match.evidence.signedAt !== undefined)) {
    return [...matches].sort((a, b) => timeOf(b) - timeOf(a))[0];
  }
  let best: OriginMatch | undefined;
  let bestScore = -1;
  for (const match of matches) {
    const score =
      imageAgreement(match, running) * 2 +
      (match.record.annotationsDigest === liveAnnotationsDigest ? 1 : 0);
    if (score > bestScore) [best, bestScore] = [match, score];
  }
  return best;
}

function timeOf(match: OriginMatch): number {
  const time = Date.parse(match.evidence.signedAt ?? '');
  return Number.isNaN(time) ? 0 : time;
}

// How many containers run the digest this record names for them.
function imageAgreement(match: OriginMatch, running: ReadonlyMap<string, string>): number {
  let count = 0;
  for (const image of Array.isArray(match.record.images) ? match.record.images : []) {
    if (image.digest !== undefined && running.get(image.container) === image.digest) count++;
  }
  return count;
}
