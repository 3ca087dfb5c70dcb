import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';

// design.md §2: cli, action → trailmark → domain packages and adapters → core. Domain packages
// never import each other or adapters; pure packages read no env, clock, filesystem or network.
const LAYERS: Record<string, 'core' | 'domain' | 'adapter' | 'facade' | 'cli' | 'testing'> = {
  core: 'core',
  manifest: 'domain',
  sbom: 'domain',
  attest: 'domain',
  verify: 'domain',
  trace: 'domain',
  git: 'adapter',
  kube: 'adapter',
  oci: 'adapter',
  github: 'adapter',
  trailmark: 'facade',
  cli: 'cli',
  testing: 'testing',
};

const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  domain: ['core'],
  adapter: ['core'],
  facade: ['core', 'domain', 'adapter'],
  cli: ['core', 'facade'],
  testing: ['core'],
};

const PURE =
  /process\.env|Date\.now\(|new Date\(\)|from 'node:(fs|fs\/promises|child_process|net|http|https|dgram|os)'|\bfetch\(|Math\.random\(/;

const packagesDir = join(REPO_ROOT, 'packages');
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

function manifest(name: string): { dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(packagesDir, name, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
}

function sources(name: string): { file: string; text: string }[] {
  const dir = join(packagesDir, name, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({
      file: `packages/${name}/src/${file}`,
      text: readFileSync(join(dir, file), 'utf8'),
    }));
}

describe('architecture', () => {
  it('knows the layer of every package', () => {
    for (const name of packages)
      expect(LAYERS[name], `packages/${name} has no layer in this test`).toBeDefined();
  });

  it.each(packages)('packages/%s depends only on the layers below it', (name) => {
    const layer = LAYERS[name] ?? 'core';
    const internal = Object.keys(manifest(name).dependencies ?? {}).filter((dep) =>
      dep.startsWith('@trailmark/'),
    );
    for (const dep of internal) {
      const target = LAYERS[dep.slice('@trailmark/'.length)] ?? 'unknown';
      expect(ALLOWED[layer], `${name} (${layer}) must not depend on ${dep} (${target})`).toContain(
        target,
      );
    }
  });

  it.each(packages)('packages/%s imports only the packages it declares', (name) => {
    const declared = new Set(Object.keys(manifest(name).dependencies ?? {}));
    for (const { file, text } of sources(name)) {
      for (const [, dep] of text.matchAll(/from '(@trailmark\/[a-z-]+)'/g)) {
        expect(declared.has(dep ?? ''), `${file} imports ${dep} without declaring it`).toBe(true);
      }
    }
  });

  it.each(packages.filter((name) => LAYERS[name] === 'domain' || LAYERS[name] === 'core'))(
    'packages/%s is pure',
    (name) => {
      for (const { file, text } of sources(name)) {
        expect(PURE.exec(text)?.[0], `${file} does I/O or reads env/clock`).toBeUndefined();
      }
    },
  );

  it('keeps the Action thin: it depends on the facade and core only', () => {
    const action = JSON.parse(readFileSync(join(REPO_ROOT, 'action', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const internal = Object.keys(action.dependencies ?? {}).filter((dep) =>
      dep.startsWith('@trailmark/'),
    );
    for (const dep of internal)
      expect(
        ['@trailmark/trailmark', '@trailmark/core'],
        `action must not depend on ${dep}`,
      ).toContain(dep);
  });

  it('keeps the test-only package out of runtime dependencies', () => {
    for (const name of packages)
      expect(Object.keys(manifest(name).dependencies ?? {})).not.toContain('@trailmark/testing');
  });
});
