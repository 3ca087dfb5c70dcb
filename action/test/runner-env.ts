import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '@trailmark/testing';

/** The bundled Action, as `runs.main` names it. */
export const ACTION_ENTRY = join(REPO_ROOT, 'action/dist/index.js');

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

/** action.yml, parsed. */
export function readActionYml(): ActionYml {
  return parse(readFileSync(join(REPO_ROOT, 'action/action.yml'), 'utf8')) as ActionYml;
}

/**
 * `INPUT_*` variables as the runner sets them: every action.yml default (with `${{ github.token }}`
 * replaced), then the workflow's `with:` values. The name is upper-cased, spaces become `_`,
 * hyphens stay (`INPUT_GITHUB-TOKEN`).
 */
export function inputEnv(
  withValues: Record<string, string>,
  githubToken: string,
): Record<string, string> {
  const env: Record<string, string> = {};
  const set = (name: string, value: string): void => {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  };
  for (const [name, input] of Object.entries(readActionYml().inputs)) {
    if (input.default !== undefined)
      set(name, input.default.replace('${{ github.token }}', githubToken));
  }
  for (const [name, value] of Object.entries(withValues)) set(name, value);
  return env;
}

/** What a step run produced: exit code, the log, the outputs file and the summary file. */
export interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

/**
 * Runs `node action/dist/index.js` as the runner does: cwd the workspace, `INPUT_*` and `GITHUB_*`
 * variables, and fresh `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` files in `dir`. The outer process's
 * `GITHUB_*`, `RUNNER_*` and `INPUT_*` variables are dropped first.
 */
export function runStep(
  dir: string,
  workspace: string,
  env: Record<string, string>,
): Promise<StepRun> {
  const outputFile = join(dir, `output-${String(Date.now())}-${String(Math.random()).slice(2)}`);
  const summaryFile = `${outputFile}.summary.md`;
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(GITHUB_|RUNNER_|INPUT_|ACTIONS_)/.test(key)) base[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ACTION_ENTRY], {
      cwd: workspace,
      env: {
        ...base,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        summary: readFileSync(summaryFile, 'utf8'),
      });
    });
  });
}

/** Parses a `GITHUB_OUTPUT` file (`name<<DELIMITER` … `DELIMITER` blocks, or `name=value`). */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc?.[1] && heredoc[2]) {
      const end = lines.indexOf(heredoc[2], i + 1);
      outputs[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}
