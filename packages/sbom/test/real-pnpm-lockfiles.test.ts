import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Lockfile, LockPackage } from '../src/index.js';
import { buildBom, createBomValidator, readLockfile, serializeBom } from '../src/index.js';

// Real pnpm lockfiles of every layout pnpm has written (origins in fixtures/real/README.md):
// 5.1 (one project, sorted keys), 5.4, 6.0 and 9.0 workspaces, and the two-document file of
// pnpm 11+ (zkochan/packages and this repository's own). Every expectation is derived from the
// text by other means than the reader's: the `yaml` library (not the reader's js-yaml) for the
// structure, regular expressions over the lines for keys and line numbers.

const REAL = new URL('./fixtures/real/', import.meta.url);

interface PnpmFixture {
  name: string;
  formatVersion: string;
  layout: 'v5' | 'v6' | 'v9';
  /** Workspace projects besides the root. */
  importers: number;
  /** How many YAML documents the file has (2: pnpm's environment document first). */
  documents: 1 | 2;
}

const FIXTURES: readonly PnpmFixture[] = [
  {
    name: 'pnpm-v5.1-zkochan-packages',
    formatVersion: '5.1',
    layout: 'v5',
    importers: 0,
    documents: 1,
  },
  {
    name: 'pnpm-v5.4-zkochan-packages-workspace',
    formatVersion: '5.4',
    layout: 'v5',
    importers: 30,
    documents: 1,
  },
  {
    name: 'pnpm-v6-zkochan-packages-workspace',
    formatVersion: '6.0',
    layout: 'v6',
    importers: 32,
    documents: 1,
  },
  {
    name: 'pnpm-v9-two-documents-zkochan-packages',
    formatVersion: '9.0',
    layout: 'v9',
    importers: 32,
    documents: 2,
  },
  {
    name: 'pnpm-v9-two-documents-trailmark',
    formatVersion: '9.0',
    layout: 'v9',
    importers: 12,
    documents: 2,
  },
];

type Doc = Record<string, Record<string, Record<string, unknown> | null> | undefined>;

interface Parsed {
  text: string;
  lines: string[];
  /** The project document, parsed by `yaml`. */
  doc: Doc;
  /** 1-based line where the project document starts (after pnpm's environment document). */
  firstLine: number;
  lockfile: Lockfile;
}

const cache = new Map<string, Parsed>();

function load(fixture: PnpmFixture): Parsed {
  const cached = cache.get(fixture.name);
  if (cached !== undefined) return cached;
  const text = readFileSync(new URL(`${fixture.name}/pnpm-lock.yaml`, REAL), 'utf8');
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error('no documents');
  const project = docs[docs.length - 1];
  const lines = ['', ...text.split('\n')];
  const markers = lines.flatMap((line, n) => (line === '---' ? [n] : []));
  const firstLine = fixture.documents === 2 ? (markers[1] ?? 0) + 1 : 1;
  const parsed: Parsed = {
    text,
    lines,
    doc: project?.toJS() as Doc,
    firstLine,
    lockfile: readLockfile(text, `${fixture.name}/pnpm-lock.yaml`),
  };
  cache.set(fixture.name, parsed);
  return parsed;
}

/** The keys of a top-level section of the project document, with their lines (text scan). */
function sectionKeys(parsed: Parsed, section: string): Map<string, number> {
  const out = new Map<string, number>();
  let current = '';
  for (let n = parsed.firstLine; n < parsed.lines.length; n++) {
    const line = parsed.lines[n] ?? '';
    if (/^\S/.test(line)) current = line.replace(/:.*$/, '');
    const key = current === section ? /^ {2}('?)(\S.*?)\1:( \{\})?$/.exec(line) : null;
    if (key?.[2] !== undefined) out.set(key[2], n);
  }
  return out;
}

/** name and version a registry key names, by layout (undefined for tarball/directory keys). */
function keyParts(key: string, layout: PnpmFixture['layout']): [string, string] | undefined {
  const pattern = {
    v5: /^\/((?:@[^/]+\/)?[^/@]+)\/(\d[^_/]*)(?:_.*)?$/,
    v6: /^\/((?:@[^/]+\/)?[^/@]+)@(\d[^(]*)(?:\(.*)?$/,
    v9: /^((?:@[^/]+\/)?[^/@]+)@(\d[^(]*)$/,
  }[layout];
  const match = pattern.exec(key);
  return match?.[1] === undefined || match[2] === undefined ? undefined : [match[1], match[2]];
}

/** Distinct dependency targets (`name@version`, peers dropped) of some snapshot records. */
function targets(records: readonly (Record<string, unknown> | null | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const record of records) {
    for (const field of ['dependencies', 'optionalDependencies']) {
      const deps = (record?.[field] ?? {}) as Record<string, string>;
      for (const [name, ref] of Object.entries(deps))
        out.add(`${name} ${ref.replace(/[(_].*$/, '')}`);
    }
  }
  return out;
}

function packagesOf(lockfile: Lockfile): LockPackage[] {
  return lockfile.packages.filter((pkg) => !pkg.ref.startsWith('importer:'));
}

describe('real pnpm lockfiles, every layout', () => {
  const validate = createBomValidator('1.6');

  for (const fixture of FIXTURES) {
    describe(fixture.name, () => {
      it('reads the layout and as many packages and workspace projects as the text has', () => {
        const parsed = load(fixture);
        const { lockfile } = parsed;
        expect(lockfile.formatVersion).toBe(fixture.formatVersion);
        expect(packagesOf(lockfile)).toHaveLength(sectionKeys(parsed, 'packages').size);
        expect(Object.keys(parsed.doc.packages ?? {})).toHaveLength(
          sectionKeys(parsed, 'packages').size,
        );
        const importers = lockfile.packages.filter((pkg) => pkg.ref.startsWith('importer:'));
        expect(importers).toHaveLength(fixture.importers);
        expect(Math.max(0, sectionKeys(parsed, 'importers').size - 1)).toBe(fixture.importers);
      });

      it('points each source line at the line of its key, in the project document', () => {
        const parsed = load(fixture);
        const packages = sectionKeys(parsed, 'packages');
        const importers = sectionKeys(parsed, 'importers');
        const wrong = parsed.lockfile.packages.filter((pkg) => {
          const key = pkg.ref.startsWith('importer:') ? pkg.ref.slice(9) : pkg.ref;
          const line = (pkg.ref.startsWith('importer:') ? importers : packages).get(key);
          return line === undefined || line !== pkg.source.line || line < parsed.firstLine;
        });
        expect(wrong.map((pkg) => pkg.ref)).toEqual([]);
      });

      it('gives each registry package the purl of its key and the integrity of its entry', () => {
        const { lockfile, doc } = load(fixture);
        let registry = 0;
        for (const pkg of packagesOf(lockfile)) {
          const record = doc.packages?.[pkg.ref] ?? {};
          const parts = keyParts(pkg.ref, fixture.layout);
          const name = (record.name as string | undefined) ?? parts?.[0];
          const version = (record.version as string | undefined) ?? parts?.[1];
          const purl = PackageURL.fromString(pkg.purl ?? '');
          expect(purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name, pkg.ref).toBe(
            name?.toLowerCase(),
          );
          expect(purl.version, pkg.ref).toBe(version);
          const integrity = (record.resolution as { integrity?: string } | undefined)?.integrity;
          if (integrity === undefined) continue;
          registry++;
          const [alg = '', base64 = ''] = integrity.split('-');
          expect(pkg.hashes, pkg.ref).toEqual([
            {
              alg: alg === 'sha512' ? 'SHA-512' : 'SHA-1',
              content: Buffer.from(base64, 'base64').toString('hex'),
            },
          ]);
        }
        expect(registry).toBeGreaterThan(100);
      });

      it('marks as optional exactly the dev-only (and optional-only) packages', () => {
        const { lockfile, doc } = load(fixture);
        const expected =
          fixture.layout === 'v9'
            ? devOnlyV9(doc)
            : new Set(
                Object.entries(doc.packages ?? {})
                  .filter(([, record]) => record?.dev === true || record?.optional === true)
                  .map(([key]) => key),
              );
        const optional = packagesOf(lockfile).filter((pkg) => pkg.scope === 'optional');
        expect(new Set(optional.map((pkg) => pkg.ref))).toEqual(expected);
        expect(optional.length).toBeGreaterThan(0);
        expect(optional.length).toBeLessThan(packagesOf(lockfile).length + 1);
      });

      it('records every dependency edge of the entries (snapshots in 9.0)', () => {
        const { lockfile, doc } = load(fixture);
        const refs = new Set(lockfile.packages.map((pkg) => pkg.ref));
        for (const pkg of packagesOf(lockfile)) {
          const records =
            fixture.layout === 'v9'
              ? Object.entries(doc.snapshots ?? {})
                  .filter(([key]) => key === pkg.ref || key.startsWith(`${pkg.ref}(`))
                  .map(([, record]) => record)
              : [doc.packages?.[pkg.ref]];
          expect(pkg.dependsOn.length, pkg.ref).toBe(targets(records).size);
          expect(pkg.dependsOn.every((to) => refs.has(to))).toBe(true);
        }
      });

      it('gives the root and each workspace project its direct dependencies', () => {
        const { lockfile, doc } = load(fixture);
        const importers = doc.importers ?? { '.': doc };
        const direct = (id: string): number => {
          const record = importers[id] ?? {};
          const names = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap(
            (field) => Object.keys(record[field] ?? {}),
          );
          return new Set(names).size;
        };
        expect(lockfile.root?.dependsOn.length).toBe(direct('.'));
        for (const pkg of lockfile.packages.filter((p) => p.ref.startsWith('importer:')))
          expect(pkg.dependsOn.length, pkg.ref).toBeLessThanOrEqual(direct(pkg.ref.slice(9)));
      });

      it('warns only as documented, and builds a CycloneDX 1.6 SBOM that validates', async () => {
        const { lockfile } = load(fixture);
        const actionable = lockfile.warnings.filter((w) => w.note !== true);
        expect(actionable).toEqual([]);
        expect(lockfile.warnings.filter((w) => w.note === true)).toHaveLength(
          fixture.documents - 1,
        );
        const bom = buildBom({
          lockfiles: [lockfile],
          metadataComponent: { name: fixture.name },
          serialNumber: 'urn:uuid:0b4c5f3e-4d2a-4f6e-9a1b-7c8d9e0f1a2b',
          timestamp: '2026-01-01T00:00:00Z',
          toolVersion: '0.1.0',
        });
        expect(await validate(serializeBom(bom))).toEqual([]);
      });
    });
  }
});

/** 9.0: packages no importer's `dependencies` reach through snapshots' `dependencies`. */
function devOnlyV9(doc: Doc): Set<string> {
  const snapshots = doc.snapshots ?? {};
  const base = (key: string): string => key.replace(/\(.*$/, '');
  const toKey = (name: string, ref: string): string =>
    ref.startsWith('link:') ? '' : /^@?[^@(:]+@/.test(ref) ? ref : `${name}@${ref}`;
  const seen = new Set<string>();
  const queue = Object.values(doc.importers ?? {}).flatMap((importer) =>
    Object.entries((importer?.dependencies ?? {}) as Record<string, { version: string }>).map(
      ([name, dep]) => toKey(name, dep.version),
    ),
  );
  while (queue.length > 0) {
    const key = queue.pop() ?? '';
    if (seen.has(key) || !(key in snapshots)) continue;
    seen.add(key);
    const deps = (snapshots[key]?.dependencies ?? {}) as Record<string, string>;
    queue.push(...Object.entries(deps).map(([name, ref]) => toKey(name, ref)));
  }
  const required = new Set([...seen].map(base));
  return new Set(Object.keys(doc.packages ?? {}).filter((key) => !required.has(key)));
}

describe('real pnpm lockfiles: the two-document form', () => {
  it('leaves pnpm’s own environment document out, with a note naming what it pins', () => {
    const fixture = FIXTURES.find((f) => f.name === 'pnpm-v9-two-documents-trailmark')!;
    const { lockfile, firstLine, lines, text } = load(fixture);
    const envDoc = (parseAllDocuments(text) as { toJS: () => Doc }[])[0]?.toJS();
    const envPackages = Object.keys(envDoc?.packages ?? {});
    expect(envPackages).toContain('pnpm@12.4.2');
    expect(lines[1]).toBe('---');
    expect(lines.slice(2, 12).join('\n')).toContain('packageManagerDependencies:');
    expect(lockfile.packages.every((pkg) => pkg.source.line > firstLine)).toBe(true);
    expect(lockfile.packages.some((pkg) => pkg.name.startsWith('exe.'))).toBe(false);
    expect(lockfile.warnings).toEqual([
      {
        line: 2,
        message: `pnpm's own environment lockfile (pnpm 12.4.2; ${String(envPackages.length)} packages) is the package manager, not the project: left out`,
        note: true,
      },
    ]);
  });
});
