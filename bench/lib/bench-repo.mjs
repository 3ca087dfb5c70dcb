// The benchmark's app repository, built with real git: the chart `charts/big` of
// chart-templates.mjs and a CODEOWNERS file, in three commits by three authors, so that blame
// differs from file to file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COMPONENTS, chartFiles } from './chart-templates.mjs';

const AUTHORS = {
  alice: { name: 'Alice Ng', email: 'alice@acme.example' },
  bob: { name: 'Bob Ruiz', email: 'bob@acme.example' },
  carol: { name: 'Carol Diaz', email: 'carol@acme.example' },
};

/** Each commit: who, when, why, and the chart stage (plus repository files) it writes. */
const HISTORY = [
  {
    author: 'alice',
    date: '2024-03-04T10:12:00Z',
    message: 'big: the fleet chart (deployments, services, config)',
    stage: 1,
  },
  {
    author: 'bob',
    date: '2024-06-17T15:40:00Z',
    message: 'big: autoscaling, disruption budgets, probes and hardening',
    stage: 2,
  },
  {
    author: 'carol',
    date: '2024-09-23T08:05:00Z',
    message: 'big: per-instance RBAC, gateway policy; security owns RBAC',
    stage: 3,
  },
];

/** Builds the repository in `dir` (created) and returns the commit ids, oldest first. */
export function buildBenchRepo(dir) {
  mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['remote', 'add', 'origin', 'https://github.com/acme/platform.git']);
  return HISTORY.map((commit) => {
    writeTree(dir, repoFiles(commit.stage));
    git(dir, ['add', '--all']);
    const who = AUTHORS[commit.author];
    const env = {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: commit.date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: commit.date,
    };
    git(dir, ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', commit.message], env);
    return git(dir, ['rev-parse', 'HEAD']).trim();
  });
}

function repoFiles(stage) {
  const files = {
    'README.md':
      '# acme/platform\n\nThe fleet chart (`charts/big`); rendered releases go to `deploy/rendered/` (not committed).\n',
    '.gitignore': 'deploy/rendered/\n',
    '.github/CODEOWNERS': codeowners(stage),
  };
  for (const [path, text] of Object.entries(chartFiles(stage))) files[`charts/big/${path}`] = text;
  return files;
}

function codeowners(stage) {
  const teams = COMPONENTS.map(
    (c) => `/charts/big/templates/${c}/`.padEnd(44) + `@acme/${c}-team\n`,
  ).join('');
  const security = `
# Billing handles card data: payments SRE reviews it too.
/charts/big/templates/billing/              @acme/billing-team @acme/payments-sre

# Access control is reviewed by security.
/charts/big/templates/*/rbac.yaml           @acme/security
`;
  return `# Code owners for acme/platform. The last matching pattern wins.
*                                           @acme/platform
/charts/big/                                @acme/platform-charts

# Each component's templates belong to its team.
${teams}${stage >= 3 ? security : ''}`;
}

function writeTree(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    const target = join(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

function git(cwd, args, env = {}) {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
}
