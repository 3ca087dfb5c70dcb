import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODEOWNERS_LOCATIONS, ownersOf, parseCodeowners } from '../src/codeowners.js';
import type { Codeowners } from '../src/codeowners.js';

const FIXTURES = new URL('./fixtures/codeowners/', import.meta.url);

function corpus(name: string): { codeowners: Codeowners; files: string[] } {
  const text = readFileSync(new URL(`${name}/CODEOWNERS`, FIXTURES), 'utf8');
  const files = readFileSync(new URL(`${name}/files.txt`, FIXTURES), 'utf8')
    .split('\n')
    .filter(Boolean);
  return { codeowners: parseCodeowners(text, 'CODEOWNERS'), files };
}

function matches(pattern: string, path: string): boolean {
  return ownersOf(parseCodeowners(`${pattern} @o`, 'CODEOWNERS'), path).rule !== undefined;
}

describe('CODEOWNERS_LOCATIONS', () => {
  it('lists GitHub search order', () => {
    expect(CODEOWNERS_LOCATIONS).toEqual(['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']);
  });
});

describe('pattern semantics', () => {
  it.each([
    ['*', 'a', true],
    ['*', 'a/b/c.txt', true],
    ['**', 'a/b/c.txt', true],
    ['*.js', 'a.js', true],
    ['*.js', 'src/deep/a.js', true],
    ['*.js', 'a.jsx', false],
    ['*.js', 'A.JS', false],
    ['/*.js', 'a.js', true],
    ['/*.js', 'src/a.js', false],
    ['/src/*.ts', 'src/a.ts', true],
    ['/src/*.ts', 'src/x/a.ts', false],
    ['docs/*', 'docs/a.md', true],
    ['docs/*', 'docs/build-app/troubleshooting.md', false],
    ['docs/*', 'x/docs/a.md', false],
    ['apps/', 'apps/a', true],
    ['apps/', 'x/y/apps/z/w.txt', true],
    ['apps/', 'apps', false],
    ['apps/', 'myapps/a', false],
    ['/docs/', 'docs/a/b.md', true],
    ['/docs/', 'x/docs/a.md', false],
    ['docs', 'x/docs/a/b.md', true],
    ['docs', 'Docs/a.md', false],
    ['**/logs', 'logs', true],
    ['**/logs', 'a/b/logs/x.log', true],
    ['**/logs', 'a/blogs', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/xb', false],
    ['build/logs/', 'build/logs/x', true],
    ['build/logs/', 'x/build/logs/y', false],
    ['/build/logs', 'build/logs/a/b', true],
    ['/build/logs', 'build/logsx', false],
    ['Makefile', 'a/b/Makefile', true],
    ['Makefile', 'Makefile.am', false],
    ['file?.txt', 'file1.txt', true],
    ['file?.txt', 'file12.txt', false],
    ['file?.txt', 'file/.txt', false],
    ['a.b', 'axb', false],
    ['My\\ Docs/', 'My Docs/a.md', true],
    ['My\\ Docs/', 'My/a.md', false],
    ['docs/\\[draft\\]/', 'docs/[draft]/a.md', true],
    ['a#b', 'x/a#b', true],
    ['**/', 'a/b', true],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(matches(pattern, path)).toBe(expected);
  });

  it('tolerates a leading slash on the queried path', () => {
    expect(matches('/docs/', '/docs/a.md')).toBe(true);
  });
});

describe('parseCodeowners', () => {
  it('skips comments and blank lines, strips inline comments, accepts CRLF, BOM and tabs', () => {
    const text =
      '\uFEFF# header\r\n\r\n*\t@a   # everyone\r\n  /src/ @org/team a@b.example @org/team\r\n';
    const { rules, warnings } = parseCodeowners(text, '.github/CODEOWNERS');
    expect(warnings).toEqual([]);
    expect(rules).toEqual([
      { pattern: '*', owners: ['@a'], line: 3 },
      { pattern: '/src/', owners: ['@org/team', 'a@b.example'], line: 4 },
    ]);
  });

  it('lets the last matching rule win and a rule without owners clear ownership', () => {
    const codeowners = parseCodeowners('* @all\n/apps/ @apps\n/apps/github\n', 'CODEOWNERS');
    expect(ownersOf(codeowners, 'apps/x.ts')).toEqual({
      owners: ['@apps'],
      rule: codeowners.rules[1],
    });
    expect(ownersOf(codeowners, 'apps/github/x.ts')).toEqual({
      owners: [],
      rule: codeowners.rules[2],
    });
    expect(ownersOf(codeowners, 'README.md').owners).toEqual(['@all']);
  });

  it('returns no owners and no rule when nothing matches', () => {
    expect(ownersOf(parseCodeowners('/src/ @a', 'CODEOWNERS'), 'docs/a.md')).toEqual({
      owners: [],
    });
  });

  it('warns about unsupported lines and bad owners, naming the line', () => {
    const text = [
      '* @default',
      '!/vendor/ @x',
      '*.[ch] @c-team',
      '\\#notes @x',
      '/lib/ @ok not-an-owner',
      '/bin/ nobody @@bad',
      '***/*.rb @monalisa',
      '/ok/ @fine',
    ].join('\n');
    const codeowners = parseCodeowners(text, 'CODEOWNERS');
    expect(codeowners.rules.map((rule) => rule.line)).toEqual([1, 5, 8]);
    expect(codeowners.rules[1]?.owners).toEqual(['@ok']);
    expect(codeowners.warnings.map((warning) => warning.line)).toEqual([2, 3, 4, 5, 6, 7]);
    const messages = codeowners.warnings.map((warning) => warning.message);
    expect(messages[0]).toBe('CODEOWNERS:2: negation patterns are not supported; line skipped');
    expect(messages[1]).toBe(
      'CODEOWNERS:3: character ranges ([ ]) are not supported; line skipped',
    );
    expect(messages[2]).toMatch(/^CODEOWNERS:4: escaped '#'.*; line skipped$/);
    expect(messages[3]).toMatch(/^CODEOWNERS:5: invalid owner 'not-an-owner' dropped/);
    expect(messages[4]).toBe('CODEOWNERS:6: no valid owner (nobody, @@bad); line skipped');
    expect(messages[5]).toMatch(/^CODEOWNERS:7: invalid pattern '\*\*\*\/\*\.rb'/);
  });

  it.each([
    ['/ @root', "invalid pattern '/' (matches no file)"],
    ['/src\\', "invalid pattern '/src\\' (trailing backslash)"],
    ['docs/\\[draft\\]/ @x', undefined],
    ['a#b @x', undefined],
  ])('checks the pattern of %s', (text, problem) => {
    const { warnings } = parseCodeowners(text, 'CODEOWNERS');
    expect(warnings.map((warning) => warning.message)).toEqual(
      problem === undefined ? [] : [`CODEOWNERS:1: ${problem}; line skipped`],
    );
  });

  it('ignores a file of 3 MB or more with one warning', () => {
    const line = '/a/ @owner\n';
    const limit = 3 * 1024 * 1024;
    const under = line.repeat(Math.floor((limit - 1) / line.length));
    expect(parseCodeowners(under, 'CODEOWNERS').rules.length).toBeGreaterThan(0);
    const over = under + '#'.repeat(limit - under.length);
    const ignored = parseCodeowners(over, 'docs/CODEOWNERS');
    expect(ignored.rules).toEqual([]);
    expect(ignored.warnings).toEqual([
      { line: 0, message: 'docs/CODEOWNERS: file is 3 MB or larger; GitHub ignores it' },
    ]);
  });

  it('returns plain data that still matches after cloning', () => {
    const codeowners = structuredClone(parseCodeowners('*.md @docs', 'CODEOWNERS'));
    expect(JSON.parse(JSON.stringify(codeowners))).toEqual(codeowners);
    expect(ownersOf(codeowners, 'a/b.md').owners).toEqual(['@docs']);
  });
});

describe('real CODEOWNERS files', () => {
  const ARGO = '@argoproj/argocd-approvers';
  const ARGO_CI = [ARGO, '@argoproj/argocd-approvers-ci'];
  const ARGO_DOCS = [ARGO, '@argoproj/argocd-approvers-docs'];
  const PROM_ADMINS = '@prometheus-community/helm-charts-admins';

  it.each([
    ['alertmanager', 'notify/notify.go', ['@prometheus/alertmanager-maintainers'], 7],
    ['alertmanager', 'notify/notify_test.go', ['@prometheus/alertmanager-maintainers'], 7],
    ['alertmanager', 'notify/slack/slack.go', ['@prometheus/alertmanager-maintainers'], 21],
    ['alertmanager', 'notify/test/test.go', ['@prometheus/alertmanager-maintainers'], 24],
    ['argo-cd', 'controller/appcontroller.go', [ARGO], 2],
    ['argo-cd', 'docs/assets/app-ui-information.png', ARGO_DOCS, 5],
    [
      'argo-cd',
      'docs/operator-manual/application.yaml',
      [...ARGO_DOCS, '@argoproj/argocd-approvers-cli'],
      47,
    ],
    ['argo-cd', 'README.md', ARGO_DOCS, 7],
    ['argo-cd', 'gitops-engine/README.md', [ARGO], 2],
    ['argo-cd', '.github/workflows/README.md', ARGO_CI, 11],
    ['argo-cd', 'Dockerfile', ARGO_CI, 17],
    ['argo-cd', 'Dockerfile.ui.tilt', ARGO_CI, 18],
    ['argo-cd', 'test/e2e/multiarch-container/Dockerfile', ARGO_CI, 17],
    ['argo-cd', 'hack/Dockerfile.dev-tools', ARGO_CI, 33],
    ['argo-cd', 'gitops-engine/Makefile', ARGO_CI, 16],
    ['argo-cd', 'test/container/Procfile', ARGO_CI, 15],
    ['argo-cd', 'ui/.dockerignore', [ARGO, '@argoproj/argocd-approvers-ui'], 50],
    ['argo-cd', 'renovate-presets/commons.json5', ARGO_CI, 29],
    ['argo-cd', 'hack/bump-major-version.sh', ARGO_CI, 33],
    ['argo-cd', 'hack/gen-docs/main.go', [ARGO], 34],
    ['argo-cd', 'hack/generate-actions-list.sh', [ARGO], 39],
    ['argo-cd', 'cmd/argocd/commands/account.go', [ARGO, '@argoproj/argocd-approvers-cli'], 44],
    [
      'argo-cd',
      'cmd/argocd-application-controller/commands/argocd_application_controller.go',
      [ARGO],
      2,
    ],
    ['prometheus-community-helm-charts', '.github/CODEOWNERS', [PROM_ADMINS], 7],
    [
      'prometheus-community-helm-charts',
      '.github/workflows/release.yaml',
      [PROM_ADMINS, '@GMartinez-Sisti'],
      9,
    ],
    ['prometheus-community-helm-charts', 'renovate.json', [PROM_ADMINS, '@GMartinez-Sisti'], 10],
    [
      'prometheus-community-helm-charts',
      'charts/alertmanager/Chart.yaml',
      ['@monotek', '@naseemkullah'],
      13,
    ],
    [
      'prometheus-community-helm-charts',
      'charts/prometheus/values.yaml',
      ['@Xtigyro', '@gianrubio', '@naseemkullah', '@zanhsieh', '@zeritti'],
      55,
    ],
    [
      'prometheus-community-helm-charts',
      'charts/prometheus-adapter/values.yaml',
      ['@hectorj2f', '@mattiasgees', '@steven-sheehy'],
      18,
    ],
    ['prometheus-community-helm-charts', 'charts/prometheus-to-sd/Chart.yaml', ['@acondrat'], 52],
  ])('%s: %s', (name, path, owners, line) => {
    const { codeowners, files } = corpus(name);
    expect(files).toContain(path);
    const result = ownersOf(codeowners, path);
    expect(result.owners).toEqual(owners);
    expect(result.rule?.line).toBe(line);
  });

  it.each(['alertmanager', 'argo-cd', 'prometheus-community-helm-charts'])(
    '%s: parses cleanly and owns every file',
    (name) => {
      const { codeowners, files } = corpus(name);
      expect(codeowners.warnings).toEqual([]);
      expect(files.length).toBeGreaterThan(500);
      for (const path of files)
        expect(ownersOf(codeowners, path).owners.length, path).toBeGreaterThan(0);
    },
  );

  it('argo-cd: /ui-test/** matches no file in the tree', () => {
    const { codeowners, files } = corpus('argo-cd');
    const rule = codeowners.rules.find((candidate) => candidate.pattern === '/ui-test/**');
    expect(rule?.line).toBe(51);
    expect(
      files.some((path) => ownersOf({ ...codeowners, rules: rule ? [rule] : [] }, path).rule),
    ).toBe(false);
  });
});
