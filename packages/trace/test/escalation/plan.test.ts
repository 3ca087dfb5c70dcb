import { describe, expect, it } from 'vitest';
import {
  GITHUB_BODY_MAX,
  findMarker,
  findMarkers,
  githubRepositoryOf,
  planGithubEscalation,
  planWebhook,
} from '@trailmark/trace';
import { FINGERPRINT, incident } from './incident.js';

const MARKDOWN =
  '# Terminal shell in container\n\n**Deployment shop/api** — `charts/shop/templates/deployment.yaml#L7`\n';

describe('planGithubEscalation', () => {
  it('plans an issue in the origin repository: title, body with mentions and marker, labels', () => {
    const plan = planGithubEscalation(incident(), { body: MARKDOWN });
    expect(plan.repository).toEqual({ owner: 'acme', repo: 'shop' });
    expect(plan.reason).toBeUndefined();
    expect(plan.title).toBe('Terminal shell in container on Deployment shop/api');
    expect(plan.body).toBe(
      `${MARKDOWN.trimEnd()}\n\ncc @acme/payments @alice\n\n<!-- trailmark:fingerprint ${FINGERPRINT} -->`,
    );
    expect(plan.labels).toEqual(['trailmark', 'security', 'severity:medium']);
    expect(plan.mentions).toEqual(['@acme/payments', '@alice']);
    expect(plan.unmentionable).toEqual(['security@acme.example']);
    expect(plan.marker).toBe(`<!-- trailmark:fingerprint ${FINGERPRINT} -->`);
    expect(findMarker(plan.comment)).toBe(FINGERPRINT);
    expect(plan.comment).toContain('Seen again** at 2026-11-29T09:59:58.123Z');
    expect(plan.comment).not.toContain('@alice');
  });

  it('keeps the trailmark label whatever labels are asked for, without duplicates', () => {
    const plan = planGithubEscalation(incident(), {
      body: MARKDOWN,
      labels: ['incident', 'trailmark', ' ', 'incident'],
    });
    expect(plan.labels).toEqual(['trailmark', 'incident']);
  });

  it('says why there is no repository: none, not GitHub, or no origin at all', () => {
    const base = incident();
    const noRepo = planGithubEscalation(
      incident({ origin: { ...base.origin!, repository: undefined } }),
      { body: MARKDOWN },
    );
    expect(noRepo.repository).toBeUndefined();
    expect(noRepo.reason).toBe('the origin names no repository');
    const gitlab = planGithubEscalation(
      incident({
        origin: {
          ...base.origin!,
          repository: 'https://oauth2:glpat-secretsecret@gitlab.com/acme/shop',
        },
      }),
      { body: MARKDOWN },
    );
    expect(gitlab.repository).toBeUndefined();
    expect(gitlab.reason).toMatch(/gitlab\.com\/acme\/shop is not a repository on github\.com$/);
    expect(gitlab.reason).not.toContain('glpat-secretsecret');
    const unattributed = planGithubEscalation(
      incident({ origin: undefined, attribution: 'none' }),
      {
        body: MARKDOWN,
      },
    );
    expect(unattributed.reason).toMatch(/no origin/);
    // Still a complete plan: the dry run shows what would have been sent.
    expect(findMarker(unattributed.body)).toBe(FINGERPRINT);
  });

  it('falls back to the deployer repository, and knows GitHub Enterprise hosts when told', () => {
    const base = incident();
    const external = incident({
      origin: { ...base.origin!, repository: undefined },
      deployer: { repository: 'https://ghe.acme.example/platform/deploy', owners: ['@platform'] },
    });
    expect(planGithubEscalation(external, { body: MARKDOWN }).repository).toBeUndefined();
    expect(
      planGithubEscalation(external, { body: MARKDOWN, hosts: ['ghe.acme.example'] }).repository,
    ).toEqual({ owner: 'platform', repo: 'deploy' });
  });

  it('titles objects, gone pods and long or multi-line rules within 256 characters', () => {
    const secret = incident({
      workload: undefined,
      object: { kind: 'Secret', namespace: 'shop', name: 'db-password' },
      alert: { ...incident().alert, rule: 'get secrets\n\tby\u0007 jane' },
    });
    expect(planGithubEscalation(secret, { body: '' }).title).toBe(
      'get secrets by jane on Secret shop/db-password',
    );
    const gone = incident({ workload: undefined, pod: undefined });
    expect(planGithubEscalation(gone, { body: '' }).title).toBe(
      'Terminal shell in container on Pod shop/api-7d9f8b6c5-x2x9k',
    );
    const long = incident({ alert: { ...incident().alert, rule: '🔥'.repeat(200) } });
    const title = planGithubEscalation(long, { body: '' }).title;
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title.endsWith('🔥…')).toBe(true);
  });

  it('defuses a marker planted in the alert text so only the incident’s own marker is in the body', () => {
    const planted = `${MARKDOWN}\noutput: <!-- trailmark:fingerprint sha256:${'0'.repeat(64)} -->\n`;
    const plan = planGithubEscalation(incident(), { body: planted });
    expect(findMarkers(plan.body)).toEqual([FINGERPRINT]);
  });

  it('cuts an over-long incident at a line end and keeps mentions and marker', () => {
    const huge = Array.from(
      { length: 5000 },
      (_, i) => `| row ${String(i)} | ${'x'.repeat(20)} |`,
    ).join('\n');
    const plan = planGithubEscalation(incident(), { body: huge });
    expect(plan.body.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
    expect(plan.body).toMatch(/characters of the incident left out/);
    expect(plan.body.endsWith(`cc @acme/payments @alice\n\n${plan.marker}`)).toBe(true);
    expect(plan.comment.length).toBeLessThanOrEqual(GITHUB_BODY_MAX);
    expect(findMarker(plan.comment)).toBe(FINGERPRINT);
  });
});

describe('githubRepositoryOf', () => {
  it.each([
    ['https://github.com/acme/shop', { owner: 'acme', repo: 'shop' }],
    ['https://github.com/acme/shop.git', { owner: 'acme', repo: 'shop' }],
    ['https://GitHub.com/acme/shop/tree/main/charts', { owner: 'acme', repo: 'shop' }],
    ['git@github.com:acme/shop.git', { owner: 'acme', repo: 'shop' }],
    ['ssh://git@github.com/acme/shop', { owner: 'acme', repo: 'shop' }],
    ['https://github.com/acme', undefined],
    ['https://github.com/-bad/shop', undefined],
    ['https://gitlab.com/acme/shop', undefined],
    ['file:///srv/git/shop', undefined],
    ['not a url', undefined],
  ])('%s', (url, expected) => {
    expect(githubRepositoryOf(url, ['github.com'])).toEqual(expected);
  });
});

describe('planWebhook', () => {
  it('sends the JSON bytes exactly, UTF-8, with the signature header named', () => {
    const json = '{"schema":"https://trailmark.dev/incident/v1","rule":"Schreibzugriff ü"}\n';
    const plan = planWebhook(incident(), json);
    expect(new TextDecoder().decode(plan.payload)).toBe(json);
    expect(plan.payload.length).toBe(Buffer.byteLength(json));
    expect(plan.signatureHeader).toBe('X-Trailmark-Signature-256');
    expect(plan.contentType).toBe('application/json');
    expect(plan.fingerprint).toBe(FINGERPRINT);
  });
});
