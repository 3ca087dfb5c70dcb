/** The per-alert marker serve adds to every issue body and comment: `<!-- trailmark:alert <job id> -->`. */
export function alertMarkerOf(jobId: string): string {
  return `<!-- trailmark:alert ${jobId} -->`;
}

/** True when `text` carries the marker of `jobId` (whitespace inside the comment is lenient). */
export function hasAlertMarker(text: string, jobId: string): boolean {
  const hex = jobId.replace(/^sha256:/, '');
  return new RegExp(`<!--\\s*trailmark:alert\\s+sha256:${hex}\\s*-->`, 'i').test(text);
}

/**
 * `text` with alert-marker look-alikes defused (`<!--` → `&lt;!--`): the incident's Markdown
 * quotes the alert, which is attacker-controlled, and a planted marker of another alert's id would
 * make that alert look already escalated.
 */
export function defuseAlertMarkers(text: string): string {
  return text.replace(/<!--(?=\s*trailmark:alert)/gi, '&lt;!--');
}
