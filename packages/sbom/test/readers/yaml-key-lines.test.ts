import { describe, expect, it } from 'vitest';
import { locateYamlKeys } from '../../src/readers/yaml-key-lines.js';

describe('locateYamlKeys', () => {
  const text = [
    "lockfileVersion: '9.0'",
    '',
    'packages:',
    '',
    "  'it''s@1.0.0':",
    '    resolution: {}',
    '',
    '  "m\\x73@2.1.3":',
    '    resolution: {}',
    '',
    '  plain@1.0.0: # a comment',
    '    resolution: {}',
    '',
    'snapshots:',
    '',
    '  plain@1.0.0: {}',
    '',
  ].join('\n');

  it('finds plain and quoted keys of one section by scanning', () => {
    const lines = locateYamlKeys(text, ["it's@1.0.0", 'plain@1.0.0'], {
      indent: 2,
      section: 'packages',
    });
    expect(lines.get("it's@1.0.0")).toBe(5);
    expect(lines.get('plain@1.0.0')).toBe(11);
  });

  it('falls back to the YAML parser for keys the scan cannot read', () => {
    const lines = locateYamlKeys(text, ['ms@2.1.3'], { indent: 2, section: 'packages' });
    expect(lines.get('ms@2.1.3')).toBe(8);
    expect(lines.get('plain@1.0.0')).toBe(11);
  });

  it('reads top-level keys', () => {
    expect(locateYamlKeys(text, [], { indent: 0 }).get('snapshots')).toBe(14);
  });
});
