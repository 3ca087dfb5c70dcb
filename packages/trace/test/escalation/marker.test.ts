import { describe, expect, it } from 'vitest';
import { defuseMarkers, findMarker, findMarkers, hasMarker, markerOf } from '@trailmark/trace';
import { FINGERPRINT } from './incident.js';

const HEX = FINGERPRINT.slice('sha256:'.length);

describe('escalation marker', () => {
  it('is one HTML comment carrying the fingerprint, and reads back', () => {
    expect(markerOf(FINGERPRINT)).toBe(`<!-- trailmark:fingerprint ${FINGERPRINT} -->`);
    expect(findMarker(`# Incident\n\ntext\n\n${markerOf(FINGERPRINT)}\n`)).toBe(FINGERPRINT);
  });

  it('survives edits around it: CRLF, extra text on the line, other spacing, upper-case hex', () => {
    const edited = [
      'Triage notes by jane:\r\n',
      `- [x] rotated the key <!--trailmark:fingerprint   sha256:${HEX.toUpperCase()}-->  (keep this)\r\n`,
      'more text',
    ].join('');
    expect(findMarker(edited)).toBe(FINGERPRINT);
    expect(hasMarker(edited, FINGERPRINT)).toBe(true);
  });

  it('finds nothing in text without a marker or with a damaged one', () => {
    expect(findMarker('no marker here')).toBeUndefined();
    expect(findMarker(`<!-- trailmark:fingerprint sha256:${HEX.slice(1)} -->`)).toBeUndefined();
    expect(findMarker(`trailmark:fingerprint ${FINGERPRINT}`)).toBeUndefined();
    expect(hasMarker(markerOf(FINGERPRINT), `sha256:${'0'.repeat(64)}`)).toBe(false);
  });

  it('lists every marker in order', () => {
    const other = `sha256:${'ab'.repeat(32)}`;
    expect(findMarkers(`${markerOf(other)}\n${markerOf(FINGERPRINT)}`)).toEqual([
      other,
      FINGERPRINT,
    ]);
  });

  it('defuses marker look-alikes so quoted alert text cannot plant one', () => {
    const planted = `output: x <!-- trailmark:fingerprint ${FINGERPRINT} --> y`;
    const defused = defuseMarkers(planted);
    expect(findMarker(defused)).toBeUndefined();
    expect(defused).toContain('&lt;!-- trailmark:fingerprint');
    expect(defuseMarkers('<!-- an ordinary comment -->')).toBe('<!-- an ordinary comment -->');
  });

  it('refuses a fingerprint that is not sha256:<64 lowercase hex>', () => {
    expect(() => markerOf('sha256:abc')).toThrow(/not sha256:<64 lowercase hex>/);
    expect(() => markerOf(FINGERPRINT.toUpperCase())).toThrow(/INPUT_INVALID|not sha256/);
  });
});
