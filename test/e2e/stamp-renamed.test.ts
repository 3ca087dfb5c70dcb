import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempGitRepo, runTrailmark, type TempGitRepo } from '@trailmark/testing';
import { fixturePath, readTree, type HelmTruth, type Records } from './helpers.js';

const ALPHABET = 'bcdfghkmt2456789'; // kustomize's hash suffix alphabet (no vowels, no look-alikes)

/** A configMapGenerator-style suffix: 10 characters derived from the document's text. */
function hashSuffix(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  return [...digest.subarray(0, 10)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('');
}

/**
 * What a kustomize overlay over a rendered chart does to names (namePrefix `prod-`, nameSuffix `-v2`,
 * and a content hash on every ConfigMap), applied line for line so every other line keeps its number.
 */
function rename(stream: string): string {
  const docs = stream.split(/^(?=---[ \t]*$)/m);
  return docs
    .map((doc) => {
      const lines = doc.split('\n');
      const kind = lines
        .find((line) => line.startsWith('kind:'))
        ?.slice(5)
        .trim();
      const at = lines.findIndex((line) => line.startsWith('metadata:'));
      if (at === -1 || kind === undefined) return doc;
      for (let i = at + 1; i < lines.length && /^(\s|$)/.test(lines[i] ?? ''); i++) {
        const match = /^( {2})name: *(["']?)(.+?)\2\s*$/.exec(lines[i] ?? '');
        if (!match) continue;
        const hash = kind === 'ConfigMap' ? `-${hashSuffix(doc)}` : '';
        lines[i] = `${match[1] ?? ''}name: prod-${match[3] ?? ''}-v2${hash}`;
        break;
      }
      return lines.join('\n');
    })
    .join('');
}

// Every rendered output of the Helm corpus, renamed as a post-renderer would: each object must keep
// the file and line of its truth (docs/stamp.md, renamed objects), and none may lose its source.
describe.each(['helm-testdata-subchart', 'cert-manager', 'opentelemetry-operator', 'longhorn'])(
  'stamp on the renamed %s corpus',
  (name) => {
    const truth = JSON.parse(
      readFileSync(fixturePath('helm', name, 'truth.json'), 'utf8'),
    ) as HelmTruth;
    let repo: TempGitRepo;

    beforeAll(async () => {
      repo = await createTempGitRepo({
        commits: [
          {
            author: { name: 'Corpus', email: 'corpus@example.org' },
            message: 'corpus',
            files: readTree(fixturePath('helm', name)),
          },
        ],
      });
    });
    afterAll(() => repo.cleanup());

    it.each(truth.files.map((file) => [file.rendered, file] as const))(
      'keeps the file and line of every object of %s',
      async (rendered, file) => {
        const renamed = rename(readFileSync(join(repo.path, rendered), 'utf8'));
        writeFileSync(join(repo.path, 'renamed.yaml'), renamed);
        const run = await runTrailmark(
          ['stamp', 'renamed.yaml', '--chart', 'chart', '-o', 'out.yaml', '--origin-out', 'o.json'],
          { cwd: repo.path },
        );
        expect(run.code, run.stderr).toBe(0);
        const records = JSON.parse(readFileSync(join(repo.path, 'o.json'), 'utf8')) as Records;
        expect(records.objects.map((object) => object.name)).toEqual(
          file.objects.map(
            () => expect.stringMatching(`^prod-.*-v2(-[${ALPHABET}]{10})?$`) as unknown,
          ),
        );
        const actual = records.objects.map((object) => ({
          path: object.source?.path,
          line: object.source?.line,
        }));
        const expected = file.objects.map((object) =>
          object.template_file
            ? { path: `chart/${object.template_file}`, line: object.template_kind_line }
            : { path: 'renamed.yaml', line: object.rendered_kind_line },
        );
        expect(actual).toEqual(expected);
      },
    );
  },
);
