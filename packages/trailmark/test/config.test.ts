import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTempDir, writeTree, type TempDir } from '@trailmark/testing';
import { githubRunOf, resolveConfig, visibilityOfEvent } from '../src/config.js';
import { sbom } from '../src/sbom.js';

let tmp: TempDir | undefined;
afterEach(async () => {
  await tmp?.cleanup();
  tmp = undefined;
});

describe('resolveConfig', () => {
  it('GitHub.com defaults outside Actions, and nothing invented', async () => {
    const config = await resolveConfig({ env: {} });
    expect(config.github).toMatchObject({
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com',
      repository: undefined,
      token: undefined,
      event: undefined,
      visibility: undefined,
    });
    expect(config.registryCredentials).toBeUndefined();
    expect(config.sourceDate).toBeUndefined();
    expect(config.warnings).toEqual([]);
  });

  it('reads the run from GITHUB_* variables (empty ones count as unset)', () => {
    expect(
      githubRunOf({
        GITHUB_API_URL: 'https://ghe.example/api/v3',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: '',
        GITHUB_TRIGGERING_ACTOR: 'dana',
      }),
    ).toMatchObject({
      apiUrl: 'https://ghe.example/api/v3',
      repository: 'acme/shop',
      commit: undefined,
      triggeringActor: 'dana',
    });
  });

  it('takes the visibility from the event payload; an unreadable payload is a warning', async () => {
    tmp = await createTempDir('trailmark-config-');
    const event = join(tmp.path, 'event.json');
    writeFileSync(event, JSON.stringify({ repository: { visibility: 'internal', private: true } }));
    expect((await resolveConfig({ env: { GITHUB_EVENT_PATH: event } })).github.visibility).toBe(
      'internal',
    );
    writeFileSync(event, '{not json');
    const broken = await resolveConfig({ env: { GITHUB_EVENT_PATH: event } });
    expect(broken.github.visibility).toBeUndefined();
    expect(broken.warnings).toEqual([expect.stringMatching(/could not be read \(not JSON\)/)]);
  });

  it.each([
    [{ repository: { visibility: 'public' } }, 'public'],
    [{ repository: { private: false } }, 'public'],
    [{ repository: { private: true } }, 'private'],
    [{ repository: { visibility: 'secret' } }, undefined],
    [{}, undefined],
    [null, undefined],
  ])('visibilityOfEvent(%j) → %s', (event, expected) => {
    expect(visibilityOfEvent(event)).toBe(expected);
  });

  it('registry credentials only as a pair; SOURCE_DATE_EPOCH as a date', async () => {
    const half = await resolveConfig({ env: { TRAILMARK_REGISTRY_USERNAME: 'robot' } });
    expect(half.registryCredentials).toBeUndefined();
    const both = await resolveConfig({
      env: {
        TRAILMARK_REGISTRY_USERNAME: 'robot',
        TRAILMARK_REGISTRY_PASSWORD: 'pw',
        SOURCE_DATE_EPOCH: '1700000000',
      },
    });
    expect(both.registryCredentials).toEqual({ username: 'robot', password: 'pw' });
    expect(both.sourceDate?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('the SBOM takes its time and serial number from the config', () => {
  const LOCK = {
    'package.json': '{"name":"app","version":"1.0.0"}\n',
    'package-lock.json': `${JSON.stringify({
      name: 'app',
      version: '1.0.0',
      lockfileVersion: 3,
      packages: {
        '': { name: 'app', version: '1.0.0', dependencies: { ms: '2.1.3' } },
        'node_modules/ms': {
          version: '2.1.3',
          resolved: 'https://registry.npmjs.org/ms/-/ms-2.1.3.tgz',
          integrity:
            'sha512-6FlzubTLZG3J2a/NVCAleEhjzq5oxgHyaCU9yYXvcLsvoVaHJq/s5xXI6/XXP6tz7R9xAOtHnSO/tXtF3WRTlA==',
        },
      },
    })}\n`,
  };

  it('the injected clock and id source', async () => {
    tmp = await createTempDir('trailmark-config-sbom-');
    await writeTree(tmp.path, LOCK);
    const config = await resolveConfig({
      env: {},
      clock: () => new Date('2026-01-02T03:04:05Z'),
      newId: () => '00000000-0000-4000-8000-000000000042',
    });
    const bom = JSON.parse((await sbom({ cwd: tmp.path, env: {}, config })).json) as {
      serialNumber: string;
      metadata: { timestamp: string };
    };
    expect(bom.serialNumber).toBe('urn:uuid:00000000-0000-4000-8000-000000000042');
    expect(bom.metadata.timestamp).toBe('2026-01-02T03:04:05.000Z');
  });

  it('SOURCE_DATE_EPOCH wins over the clock: time and serial number from the inputs', async () => {
    tmp = await createTempDir('trailmark-config-sbom-');
    await writeTree(tmp.path, LOCK);
    const make = async () => {
      const config = await resolveConfig({
        env: { SOURCE_DATE_EPOCH: '1700000000' },
        clock: () => new Date('2026-01-02T03:04:05Z'),
        newId: () => '00000000-0000-4000-8000-000000000042',
      });
      return (await sbom({ cwd: tmp?.path ?? '', env: config.env, config })).json;
    };
    const first = await make();
    expect(await make()).toBe(first);
    const bom = JSON.parse(first) as { serialNumber: string; metadata: { timestamp: string } };
    expect(bom.metadata.timestamp).toBe('2023-11-14T22:13:20.000Z');
    expect(bom.serialNumber).not.toContain('000000000042');
  });
});
