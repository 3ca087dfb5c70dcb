import { TrailmarkError, type InputErrorCode } from '@trailmark/core';

// The hidden marker that ties a GitHub issue to an incident fingerprint (design.md §5, issue 12
// item 5). Format, exactly:
//
//   <!-- trailmark:fingerprint sha256:<64 lowercase hex> -->
//
// An HTML comment, so GitHub renders nothing; one line, at the end of the issue body trailmark
// writes. Reading is lenient (any whitespace inside the comment, upper-case hex, CRLF line ends
// that GitHub may store), so a body edited around the marker still matches.

/** Matches one marker anywhere in a text; group 1 is the hex of the fingerprint. */
const MARKER_PATTERN = /<!--\s*trailmark:fingerprint\s+sha256:([0-9a-fA-F]{64})\s*-->/g;

/** `sha256:<64 hex>`. */
const FINGERPRINT_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** True when `fingerprint` is `sha256:<64 lowercase hex>` (the only form a marker carries). */
export function isFingerprint(fingerprint: string): boolean {
  return FINGERPRINT_PATTERN.test(fingerprint);
}

/** Throws `INPUT_INVALID` unless `fingerprint` is `sha256:<64 lowercase hex>`. */
export function requireFingerprint(fingerprint: string): void {
  if (!isFingerprint(fingerprint))
    throw new TrailmarkError<InputErrorCode>(
      'INPUT_INVALID',
      `the incident fingerprint "${fingerprint.slice(0, 80)}" is not sha256:<64 lowercase hex>`,
    );
}

/** The marker line for `fingerprint` (`sha256:<64 lowercase hex>`; else `INPUT_INVALID`). */
export function markerOf(fingerprint: string): string {
  requireFingerprint(fingerprint);
  return `<!-- trailmark:fingerprint ${fingerprint} -->`;
}

/** Every fingerprint marked in `text`, in order of appearance, lowercased (`sha256:<hex>`). */
export function findMarkers(text: string): string[] {
  return [...text.matchAll(MARKER_PATTERN)].map(
    (match) => `sha256:${(match[1] ?? '').toLowerCase()}`,
  );
}

/** The first fingerprint marked in `text` (`sha256:<hex>`), or `undefined` when there is none. */
export function findMarker(text: string): string | undefined {
  return findMarkers(text)[0];
}

/** True when `text` carries a marker for `fingerprint`. */
export function hasMarker(text: string, fingerprint: string): boolean {
  return findMarkers(text).includes(fingerprint.toLowerCase());
}

/**
 * `text` with every marker-like comment defused (`<!--` → `&lt;!--`), so it shows as text and no
 * longer matches. The incident's Markdown quotes the alert, which is attacker-controlled: a Falco
 * `output` carrying `<!-- trailmark:fingerprint sha256:… -->` would otherwise plant another
 * incident's marker in this issue and steer that incident's escalations into it.
 */
export function defuseMarkers(text: string): string {
  return text.replace(/<!--(?=\s*trailmark:fingerprint)/gi, '&lt;!--');
}
