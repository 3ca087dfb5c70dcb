import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, createTempDir, runTrailmark, type TempDir } from '@trailmark/testing';
import { schemaValidator } from '@trailmark/trailmark';
import type { Records } from './helpers.js';

interface ExampleTruth {
  objects: {
    kind: string;
    name: string;
    template_file: string | null;
    template_kind_line: number | null;
    dependency?: { file: string; line: number };
    owners: string[];
    introducer_email: string;
  }[];
  plain_files: {
    objects: {
      file: string;
      kind: string;
      name: string;
      kind_line?: number;
      item_kind_line?: number;
      owners: string[];
      introducer_email: string;
    }[];
  };
}

const truth = JSON.parse(
  readFileSync(join(REPO_ROOT, 'examples/shop/truth.json'), 'utf8'),
) as ExampleTruth;
const STAMP = [
  'stamp',
  '--chart',
  'charts/shop',
  '-f',
  'charts/shop/values-prod.yaml',
  '--environment',
  'prod',
];

// The demo's app repository, built as a real git repository with three authors (examples/shop),
// checked against its hand-derived truth: file:line, owners and introducer of every object.
describe('stamp on the example app repository', () => {
  let tmp: TempDir;
  let repo: string;

  beforeAll(async () => {
    tmp = await createTempDir('trailmark-example-');
    repo = join(tmp.path, 'shop');
    execFileSync('node', [join(REPO_ROOT, 'examples/shop/build-repo.mjs'), repo]);
  });
  afterAll(() => tmp.cleanup());

  const records = async (args: string[], input?: string): Promise<Records> => {
    const run = await runTrailmark([...args, '--origin-out', 'origin.json'], {
      cwd: repo,
      ...(input === undefined ? {} : { input }),
    });
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(readFileSync(join(repo, 'origin.json'), 'utf8')) as Records;
  };

  it('gives every rendered object its file, line, owners and introducer', async () => {
    const { objects } = await records([...STAMP, 'deploy/rendered/prod.yaml', '-o', 'out.yaml']);
    expect(objects.map((o) => `${o.kind}/${o.name}`)).toEqual(
      truth.objects.map((o) => `${o.kind}/${o.name}`),
    );
    objects.forEach((object, i) => {
      const want = truth.objects[i]!;
      const source = want.template_file
        ? { path: want.template_file, line: want.template_kind_line }
        : { path: want.dependency?.file, line: want.dependency?.line };
      expect(
        { path: object.source?.path, line: object.source?.line },
        `${object.kind}/${object.name}`,
      ).toEqual(source);
      expect(object.source?.origin).toBe(
        want.template_file
          ? want.template_file.includes('/charts/metrics')
            ? 'subchart'
            : 'chart'
          : 'external',
      );
      expect(object.owners).toEqual(want.owners);
      expect(object.introducer?.email).toBe(want.introducer_email);
    });
  });

  it('gives the same answers for the Helm 4 post-renderer form', async () => {
    const helm3 = await records([...STAMP, 'deploy/rendered/prod.yaml']);
    const helm4 = await records([...STAMP, 'deploy/rendered/prod.helm4.yaml']);
    const byName = (r: Records) =>
      new Map(
        r.objects.map((o) => [
          `${o.kind}/${o.name}`,
          JSON.stringify([o.source, o.owners, o.introducer]),
        ]),
      );
    expect(byName(helm4)).toEqual(byName(helm3));
  });

  it('maps plain manifests, List items included, to their own files', async () => {
    const { objects } = await records(['stamp', 'deploy/plain']);
    const want = new Map(
      truth.plain_files.objects.map((o) => [
        `${o.kind}/${o.name}`,
        {
          path: o.file,
          line: o.item_kind_line ?? o.kind_line,
          owners: o.owners,
          email: o.introducer_email,
        },
      ]),
    );
    expect(objects).toHaveLength(want.size);
    for (const object of objects) {
      expect({
        path: object.source?.path,
        line: object.source?.line,
        owners: object.owners,
        email: object.introducer?.email,
      }).toEqual(want.get(`${object.kind}/${object.name}`));
    }
  });

  it('points each secret reference and image at a line that really sets it', async () => {
    const { objects } = await records([...STAMP, 'deploy/rendered/prod.yaml']);
    const lineOf = (at: { path: string; line: number }) =>
      readFileSync(join(repo, at.path), 'utf8').split('\n')[at.line - 1] ?? '';
    const refs = objects.flatMap((o) => o.secretRefs);
    expect(refs.length).toBeGreaterThan(3);
    for (const ref of refs) {
      expect(ref.at, ref.name).toBeDefined();
      expect(lineOf(ref.at!)).toMatch(new RegExp(`${ref.name}|\\{\\{`));
    }
    const images = objects.flatMap((o) => o.images);
    expect(images.length).toBeGreaterThan(2);
    for (const image of images.filter((i) => i.set)) {
      const [, tag] = /:([^:@/]+)(@|$)/.exec(image.ref) ?? [];
      expect(lineOf(image.set!), image.ref).toMatch(
        new RegExp(`${tag ?? '$^'}|${image.ref.split(':')[0]?.split('/').pop() ?? ''}|\\{\\{`),
      );
    }
  });

  it('writes records and provenance annotations that validate, with --image pins applied', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const run = await runTrailmark(
      [
        ...STAMP,
        'deploy/rendered/prod.yaml',
        '--image',
        `ghcr.io/acme/shop@${digest}`,
        '--approver',
        'dana',
        '--origin-out',
        'origin.json',
      ],
      { cwd: repo },
    );
    expect(run.code, run.stderr).toBe(0);
    const records = JSON.parse(readFileSync(join(repo, 'origin.json'), 'utf8')) as Records;
    expect(schemaValidator('origin-records.v1')(records)).toEqual([]);
    const annotations = [...run.stdout.matchAll(/trailmark\.dev\/provenance: (".*")$/gm)].map(
      (m) => JSON.parse(JSON.parse(m[1]!) as string) as unknown,
    );
    expect(annotations).toHaveLength(records.objects.length);
    for (const annotation of annotations)
      expect(schemaValidator('provenance-annotation.v1')(annotation)).toEqual([]);
    const shop = records.objects
      .find((o) => o.kind === 'Deployment')!
      .images.find((i) => i.ref.startsWith('ghcr.io/acme/shop:'))!;
    expect(shop.digest).toBe(digest);
    expect(shop.ref).toMatch(new RegExp(`^ghcr\\.io/acme/shop:[^@]+@${digest}$`));
    expect(run.stdout).toContain(`image: "${shop.ref}"`);
    expect(run.stdout).toContain('\\"approvers\\":[\\"dana\\"]');
  });

  it('leaves every pod template byte-identical when only the commit and build change', async () => {
    const first = await runTrailmark(
      [...STAMP, 'deploy/rendered/prod.yaml', '--build-url', 'https://ci.example/run/1'],
      { cwd: repo },
    );
    writeFileSync(join(repo, 'README.md'), 'A new line\n', { flag: 'a' });
    execFileSync(
      'git',
      [
        '-c',
        'user.name=Dana',
        '-c',
        'user.email=dana@acme.example',
        '-c',
        'commit.gpgsign=false',
        'commit',
        '-qam',
        'docs',
      ],
      { cwd: repo },
    );
    const second = await runTrailmark(
      [...STAMP, 'deploy/rendered/prod.yaml', '--build-url', 'https://ci.example/run/2'],
      { cwd: repo },
    );
    expect(second.stdout).not.toBe(first.stdout);
    const specs = (stream: string) =>
      stream
        .split(/^---$/m)
        .filter((doc) => /^\s*template:$/m.test(doc))
        .map((doc) => doc.slice(doc.search(/^spec:$/m)));
    expect(specs(first.stdout).length).toBeGreaterThanOrEqual(4);
    expect(specs(second.stdout)).toEqual(specs(first.stdout));
  });
});
