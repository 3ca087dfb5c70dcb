import { describe, expect, it } from 'vitest';
import { readLockfile } from '../../src/index.js';

// A hand-edited version (`not a version!!`) in each format: the entry is kept, without version
// and purl, with one warning naming file:line and the text kept as a property.
const BAD = 'not a version!!';

const CASES: [string, string, number][] = [
  [
    'package-lock.json',
    JSON.stringify(
      {
        lockfileVersion: 3,
        packages: {
          '': { name: 'app', dependencies: { ms: '*' } },
          'node_modules/ms': { version: BAD, integrity: 'sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
        },
      },
      null,
      2,
    ),
    10,
  ],
  [
    'pnpm-lock.yaml',
    [
      "lockfileVersion: '9.0'",
      '',
      'importers:',
      '  .:',
      '    dependencies:',
      '      ms:',
      "        specifier: '*'",
      '        version: 2.1.3',
      '',
      'packages:',
      '',
      '  ms@2.1.3:',
      `    version: '${BAD}'`,
      '    resolution: {integrity: sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=}',
      '',
      'snapshots:',
      '',
      '  ms@2.1.3: {}',
      '',
    ].join('\n'),
    12,
  ],
  [
    'yarn.lock',
    [
      '# yarn lockfile v1',
      '',
      'ms@*:',
      `  version "${BAD}"`,
      '  integrity sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      '',
    ].join('\n'),
    3,
  ],
  [
    'Cargo.lock',
    [
      'version = 4',
      '',
      '[[package]]',
      'name = "ms"',
      `version = "${BAD}"`,
      'source = "registry+https://github.com/rust-lang/crates.io-index"',
      `checksum = "${'ab'.repeat(32)}"`,
      '',
    ].join('\n'),
    3,
  ],
];

describe('a version the ecosystem could not have written', () => {
  for (const [path, text, line] of CASES) {
    it(`${path}: kept without version and purl, one warning naming the line`, () => {
      const lockfile = readLockfile(text, path);
      const pkg = lockfile.packages.find((p) => p.name === 'ms');
      expect(pkg).toBeDefined();
      expect(pkg?.version).toBeUndefined();
      expect(pkg?.purl).toBeUndefined();
      expect(pkg?.properties).toContainEqual({ name: 'trailmark:invalid-version', value: BAD });
      const warnings = lockfile.warnings.filter((w) => w.kind === 'invalid-version');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.line).toBe(line);
      expect(warnings[0]?.message).toMatch(
        /^ms: version "not a version!!" is not a valid (npm|cargo) version/,
      );
    });
  }
});
