import { describe, expect, it } from 'vitest';
import { alertMarkerOf, defuseAlertMarkers, hasAlertMarker } from '../../src/serve/alert-marker.js';

const ID = `sha256:${'ab'.repeat(32)}`;

describe('alert markers', () => {
  it('finds its own marker, leniently, and not another id', () => {
    expect(hasAlertMarker(`text\n${alertMarkerOf(ID)}`, ID)).toBe(true);
    expect(
      hasAlertMarker(
        `<!--trailmark:alert   ${ID.toUpperCase().replace('SHA256', 'sha256')}-->`,
        ID,
      ),
    ).toBe(true);
    expect(hasAlertMarker(alertMarkerOf(`sha256:${'cd'.repeat(32)}`), ID)).toBe(false);
  });

  it('defuses a marker planted in alert text', () => {
    const planted = `output: ${alertMarkerOf(ID)}`;
    expect(hasAlertMarker(defuseAlertMarkers(planted), ID)).toBe(false);
    expect(defuseAlertMarkers('<!-- other comment -->')).toBe('<!-- other comment -->');
  });
});
