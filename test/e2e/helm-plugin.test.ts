import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, TRAILMARK_BIN } from '@trailmark/testing';
import { fixturePath } from './helpers.js';

describe('the Helm post-renderer plugin', () => {
  it('declares a Helm 4 postrenderer/v1 subprocess plugin whose command exists', () => {
    const plugin = parse(readFileSync(join(REPO_ROOT, 'helm-plugin/plugin.yaml'), 'utf8')) as {
      type: string;
      runtime: string;
      runtimeConfig: { platformCommand: { command: string }[] };
    };
    expect(plugin.type).toBe('postrenderer/v1');
    expect(plugin.runtime).toBe('subprocess');
    const command = plugin.runtimeConfig.platformCommand[0]?.command ?? '';
    expect(command).toBe('${HELM_PLUGIN_DIR}/bin/trailmark-postrender');
  });

  it('filters a rendered stream from stdin to stdout as Helm runs it, passing its arguments to stamp', () => {
    const cwd = fixturePath('helm', 'helm-testdata-subchart');
    const input = readFileSync(join(cwd, 'rendered/template.txt'));
    const run = spawnSync(
      join(REPO_ROOT, 'helm-plugin/bin/trailmark-postrender'),
      ['--chart', 'chart', '--annotations', 'minimal'],
      {
        cwd,
        input,
        env: {
          ...process.env,
          TRAILMARK_BIN,
          HELM_PLUGIN_NAME: 'trailmark',
          HELM_PLUGIN_DIR: join(REPO_ROOT, 'helm-plugin'),
        },
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.match(/trailmark\.dev\/source: /g)).toHaveLength(8);
    expect(run.stdout).toContain(
      'trailmark.dev/source: "test/fixtures/helm/helm-testdata-subchart/chart/templates/service.yaml#L2"',
    );
    expect(run.stdout).not.toContain('trailmark.dev/provenance');
  });
});
