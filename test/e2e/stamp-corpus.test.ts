import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempGitRepo,
  runTrailmark,
  toHelm4Stream,
  type TempGitRepo,
} from '@trailmark/testing';
import { fixturePath, readTree, type HelmTruth, type Records } from './helpers.js';

// The real Helm outputs in test/fixtures/helm (each with its upstream origin in the README there),
// each checked against its hand-verified truth file: every object must map to the template file
// and the line of its top-level `kind:`.
describe.each(['helm-testdata-subchart', 'cert-manager', 'opentelemetry-operator', 'longhorn'])(
  'stamp on the %s corpus',
  (name) => {
    const truth = JSON.parse(
      readFileSync(fixturePath('helm', name, 'truth.json'), 'utf8'),
    ) as HelmTruth;
    let repo: TempGitRepo;

    beforeAll(async () => {
      const files = readTree(fixturePath('helm', name));
      repo = await createTempGitRepo({
        commits: [
          { author: { name: 'Corpus', email: 'corpus@example.org' }, message: 'corpus', files },
        ],
      });
    });
    afterAll(() => repo.cleanup());

    const expected = (file: HelmTruth['files'][number]) =>
      file.objects.map((object) => ({
        kind: object.kind,
        name: object.name,
        source: object.template_file
          ? { path: `chart/${object.template_file}`, line: object.template_kind_line }
          : { path: file.rendered, line: object.rendered_kind_line },
        via: object.via_file
          ? { path: `chart/${object.via_file}`, line: object.via_line }
          : undefined,
      }));

    it.each(truth.files.map((file) => [file.rendered, file] as const))(
      'maps every object of %s to its template file and kind line',
      async (rendered, file) => {
        const run = await runTrailmark(
          ['stamp', rendered, '--chart', 'chart', '-o', 'out.yaml', '--origin-out', 'origin.json'],
          { cwd: repo.path },
        );
        expect(run.code, run.stderr).toBe(0);
        const records = JSON.parse(readFileSync(join(repo.path, 'origin.json'), 'utf8')) as Records;
        const actual = records.objects.map((object) => ({
          kind: object.kind,
          name: object.name,
          source: { path: object.source?.path, line: object.source?.line },
          via: object.source?.via,
        }));
        expect(actual).toEqual(expected(file));
        // Every object whose stream names its file keeps a source.
        expect(records.objects.filter((object) => !object.source)).toEqual([]);
      },
    );

    it.each(truth.files.map((file) => [file.rendered, file] as const))(
      'gives the same answers for the Helm 4 form of %s',
      async (rendered, file) => {
        const helm4 = toHelm4Stream(readFileSync(join(repo.path, rendered), 'utf8'));
        expect(helm4).not.toContain('# Source:');
        const run = await runTrailmark(
          ['stamp', '-', '--chart', 'chart', '--origin-out', 'origin4.json'],
          { cwd: repo.path, input: helm4 },
        );
        expect(run.code, run.stderr).toBe(0);
        const records = JSON.parse(
          readFileSync(join(repo.path, 'origin4.json'), 'utf8'),
        ) as Records;
        const key = (o: { kind: string; name: string }) => `${o.kind}/${o.name}`;
        const actual = new Map(
          records.objects.map((object) => [
            key(object),
            { path: object.source?.path, line: object.source?.line },
          ]),
        );
        const helmObjects = expected(file).filter((_, i) => file.objects[i]?.template_file);
        expect(actual.size).toBe(helmObjects.length);
        for (const object of helmObjects)
          expect(actual.get(key(object)), key(object)).toEqual(object.source);
        // The Helm 4 annotation must survive untouched: Helm splits the output by it afterwards.
        expect(run.stdout.match(/postrenderer\.helm\.sh\/postrender-filename/g)?.length).toBe(
          helmObjects.length,
        );
      },
    );

    it.each(truth.files.map((file) => [file.rendered] as const))(
      'works as a post-renderer filter on %s, idempotent and deterministic',
      async (rendered) => {
        const input = readFileSync(join(repo.path, rendered), 'utf8');
        const first = await runTrailmark(['stamp', '--chart', 'chart'], { cwd: repo.path, input });
        expect(first.code, first.stderr).toBe(0);
        const again = await runTrailmark(['stamp', '--chart', 'chart'], { cwd: repo.path, input });
        expect(again.stdout).toBe(first.stdout);
        const twice = await runTrailmark(['stamp', '--chart', 'chart'], {
          cwd: repo.path,
          input: first.stdout,
        });
        expect(twice.stdout).toBe(first.stdout);
      },
    );

    it.each(truth.files.map((file) => [file.rendered] as const))(
      'keeps every input line, comment and separator of %s in order',
      async (rendered) => {
        const input = readFileSync(join(repo.path, rendered), 'utf8');
        const run = await runTrailmark(['stamp', '--chart', 'chart'], { cwd: repo.path, input });
        const outLines = run.stdout.split('\n');
        const inLines = input.split('\n');
        const added: string[] = [];
        let at = 0;
        for (const line of outLines) {
          if (line === inLines[at]) at++;
          else added.push(line);
        }
        expect(at).toBe(inLines.length);
        for (const line of added)
          expect(line).toMatch(/^\s*(trailmark\.dev\/[a-z-]+: ".*"|annotations:|labels:)$/);
      },
    );
  },
);
