import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, type TempDir } from '@trailmark/testing';
import { resolveServeSettings } from '../../src/serve/config.js';

let dir: TempDir;
beforeEach(async () => {
  dir = await createTempDir('trailmark-serve-config-');
});
afterEach(() => dir.cleanup());

const write = (name: string, text: string): string => {
  writeFileSync(join(dir.path, name), text);
  return name;
};

describe('resolveServeSettings', () => {
  it('defaults, then the file, then the environment, then the flags', async () => {
    const file = write(
      'serve.yaml',
      'listen: 0.0.0.0:9000\nqueueSize: 50\nworkers: 3\ntokenFile: token\n',
    );
    const settings = await resolveServeSettings({
      cwd: dir.path,
      env: {
        TRAILMARK_SERVE_QUEUE_SIZE: '60',
        TRAILMARK_SERVE_ESCALATE: 'github, webhook=https://h.example/x',
      },
      flags: { workers: 1 },
      configFile: file,
    });
    expect(settings).toMatchObject({
      listen: '0.0.0.0:9000',
      queueSize: 60,
      workers: 1,
      maxAttempts: 8,
      maxBody: 1048576,
      store: 'sqlite:./trailmark-serve.db',
      escalate: ['github', 'webhook=https://h.example/x'],
      tokenFile: join(dir.path, 'token'),
    });
  });

  it('TRAILMARK_STORE_URL sets the store; TRAILMARK_SERVE_CONFIG names the file', async () => {
    write('c.json', '{"tokenFile": "/run/token"}');
    const settings = await resolveServeSettings({
      cwd: dir.path,
      env: { TRAILMARK_STORE_URL: 'postgres://db/trailmark', TRAILMARK_SERVE_CONFIG: 'c.json' },
      flags: {},
    });
    expect(settings.store).toBe('postgres://db/trailmark');
    expect(settings.tokenFile).toBe('/run/token');
  });

  it('a bad value in the file names the file and its line', async () => {
    const file = write('serve.yaml', 'tokenFile: token\n\nqueueSize: 0\n');
    await expect(
      resolveServeSettings({ cwd: dir.path, env: {}, flags: {}, configFile: file }),
    ).rejects.toThrow(/^serve\.yaml:3: \/queueSize must be >= 1/);
  });

  it('malformed YAML names the line', async () => {
    const file = write('serve.yaml', 'tokenFile: token\nlisten: [oops\n');
    await expect(
      resolveServeSettings({ cwd: dir.path, env: {}, flags: {}, configFile: file }),
    ).rejects.toMatchObject({
      code: 'INPUT_INVALID',
      message: expect.stringMatching(/^serve\.yaml:\d+: not YAML or JSON/) as unknown,
    });
  });

  it('a bad variable or flag is named as such', async () => {
    await expect(
      resolveServeSettings({
        cwd: dir.path,
        env: { TRAILMARK_SERVE_WORKERS: 'many' },
        flags: { tokenFile: 't' },
      }),
    ).rejects.toThrow(/environment \(TRAILMARK_SERVE_\*\) sets \/workers must be integer/);
    await expect(
      resolveServeSettings({ cwd: dir.path, env: {}, flags: { tokenFile: 't', listen: '8080' } }),
    ).rejects.toThrow(/the flag for listen: \/listen must match pattern/);
  });

  it('the token file is required', async () => {
    await expect(resolveServeSettings({ cwd: dir.path, env: {}, flags: {} })).rejects.toThrow(
      /--token-file FILE is required/,
    );
  });
});
