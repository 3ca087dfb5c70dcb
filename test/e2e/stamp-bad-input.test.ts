import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  createTempGitRepo,
  runTrailmark,
  writeTree,
  type TempDir,
} from '@trailmark/testing';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('stamp on bad input', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('trailmark-bad-');
  });
  afterEach(() => dir.cleanup());

  const stampTo = async (files: Record<string, string>, input: string, extra: string[] = []) => {
    await writeTree(dir.path, files);
    return runTrailmark(
      ['stamp', input, '-o', 'out/stamped.yaml', '--origin-out', 'out/origin.json', ...extra],
      { cwd: dir.path },
    );
  };
  const nothingWritten = () => {
    expect(existsSync(join(dir.path, 'out/stamped.yaml'))).toBe(false);
    expect(existsSync(join(dir.path, 'out/origin.json'))).toBe(false);
  };

  it('rejects malformed YAML with one line naming file:line, exit 2, nothing written, no secret echoed', async () => {
    const bad = `${DEPLOYMENT}---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: hunter2: SECRET-VALUE\n`;
    const run = await stampTo({ 'm.yaml': bad }, 'm.yaml');
    expect(run.code).toBe(2);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('trailmark: error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^trailmark: error: m\.yaml:19: /);
    expect(run.stderr).not.toContain('hunter2');
    nothingWritten();
  });

  it('bounds YAML alias bombs', async () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'data:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
    ]) {
      lines.push(`  ${name}: &${name} [${Array.from({ length: 9 }, () => `*${prev}`).join(',')}]`);
    }
    const run = await stampTo({ 'bomb.yaml': `${lines.join('\n')}\n` }, 'bomb.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bomb\.yaml:1: .*alias/);
    nothingWritten();
  });

  it('bounds very deep nesting', async () => {
    const deep = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const run = await stampTo({ 'deep.yaml': deep }, 'deep.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/deep\.yaml:\d+: nesting deeper than 200 levels/);
    nothingWritten();
  });

  it('passes documents that are not Kubernetes objects through untouched, with a warning', async () => {
    const text = `# a comment-only document\n---\n---\nfoo: bar\nlist: [1, 2]\n---\n${DEPLOYMENT}`;
    const run = await stampTo({ 'mixed.yaml': text }, 'mixed.yaml');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: mixed\.yaml:3: document is not a Kubernetes object/);
    const out = readFileSync(join(dir.path, 'out/stamped.yaml'), 'utf8');
    expect(
      out.startsWith('# a comment-only document\n---\n---\nfoo: bar\nlist: [1, 2]\n---\n'),
    ).toBe(true);
    expect(out).toContain('trailmark.dev/source: "mixed.yaml#L8"');
  });

  it('keeps CRLF line endings and a UTF-8 BOM, and inserts lines in the same style', async () => {
    const crlf = `\uFEFF${DEPLOYMENT}`.replace(/\n/g, '\r\n');
    const run = await stampTo({ 'win.yaml': crlf }, 'win.yaml');
    expect(run.code, run.stderr).toBe(0);
    const out = readFileSync(join(dir.path, 'out/stamped.yaml'), 'utf8');
    expect(out.startsWith('\uFEFFapiVersion: apps/v1\r\n')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain('trailmark.dev/source: "win.yaml#L2"\r\n');
  });

  it('fails clearly when annotations would pass Kubernetes 262,144-byte limit', async () => {
    const big = DEPLOYMENT.replace(
      '  name: web\n',
      `  name: web\n  annotations:\n    big: "${'x'.repeat(262_100)}"\n`,
    );
    const run = await stampTo({ 'big.yaml': big }, 'big.yaml');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /big\.yaml:2: Deployment\/web: annotations would total \d+ bytes, over Kubernetes' limit of 262144/,
    );
    nothingWritten();
  });

  it('never copies Secret data into annotations, records or messages', async () => {
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: c3VwZXItc2VjcmV0LURBVEE=\nstringData:\n  token: plain-STRINGDATA-value\n`;
    const run = await stampTo({ 's.yaml': secret }, 's.yaml');
    expect(run.code, run.stderr).toBe(0);
    const out = readFileSync(join(dir.path, 'out/stamped.yaml'), 'utf8');
    const annotations = out
      .split('\n')
      .filter((line) => line.includes('trailmark.dev/'))
      .join('\n');
    for (const value of ['c3VwZXItc2VjcmV0LURBVEE=', 'plain-STRINGDATA-value']) {
      expect(annotations).not.toContain(value);
      expect(readFileSync(join(dir.path, 'out/origin.json'), 'utf8')).not.toContain(value);
      expect(run.stderr + run.stdout).not.toContain(value);
    }
  });

  it('degrades to warnings without a git repository or CODEOWNERS, leaving those fields out', async () => {
    const run = await stampTo({ 'd.yaml': DEPLOYMENT }, 'd.yaml');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /warning: .*is not inside a git working tree: repository, commit and introducer left out/,
    );
    expect(run.stderr).toMatch(/warning: no CODEOWNERS file/);
    const records = JSON.parse(readFileSync(join(dir.path, 'out/origin.json'), 'utf8')) as {
      repository?: unknown;
      objects: { introducer?: unknown; owners: string[] }[];
    };
    expect(records.repository).toBeUndefined();
    expect(records.objects[0]?.introducer).toBeUndefined();
    expect(records.objects[0]?.owners).toEqual([]);
    const out = readFileSync(join(dir.path, 'out/stamped.yaml'), 'utf8');
    expect(out).not.toMatch(/trailmark\.dev\/(commit|owners|repo)/);
  });

  it.each([
    [['stamp', 'missing.yaml'], /missing\.yaml: cannot read .*: no such file/],
    [
      ['stamp', 'd.yaml', '--image', 'nginx=latest'],
      /--image nginx=latest: expected REF@sha256:<64 hex>/,
    ],
    [['stamp', 'd.yaml', '--commit', 'abc'], /--commit abc: expected a full 40-hex commit SHA/],
    [['stamp', 'd.yaml', '--annotations', 'some'], /Allowed choices are full, minimal/],
    [['stamp', 'd.yaml', '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['stamp', 'd.yaml', '--chart', 'nochart'], /nochart: no Chart.yaml/],
  ])('exits 2 on usage errors: %s', async (args, message) => {
    await writeTree(dir.path, { 'd.yaml': DEPLOYMENT });
    const run = await runTrailmark(args, { cwd: dir.path });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

describe('stamp with Helm output but no chart to resolve it', () => {
  it('warns and leaves the source out rather than guessing', async () => {
    const repo = await createTempGitRepo({
      commits: [
        {
          author: { name: 'A', email: 'a@example.org' },
          message: 'x',
          files: { 'README.md': 'x\n' },
        },
      ],
    });
    try {
      const run = await runTrailmark(['stamp', '--origin-out', 'o.json'], {
        cwd: repo.path,
        input: `---\n# Source: ghost/templates/d.yaml\n${DEPLOYMENT}`,
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /warning: no chart named ghost found in the repository: set --chart DIR/,
      );
      expect(run.stdout).not.toContain('trailmark.dev/source');
      expect(run.stdout).toContain('trailmark.dev/origin');
    } finally {
      await repo.cleanup();
    }
  });
});
