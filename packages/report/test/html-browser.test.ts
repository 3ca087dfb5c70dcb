import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '@trailmark/testing';
import { renderHtml } from '../src/index.js';
import { PAYLOAD, poisoned } from './helpers/poison.js';
import { INJECTED_OWNER, shopReport } from './helpers/reports.js';

// The HTML evidence report in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; never a downloaded browser). Every request is routed: the page itself is
// served from memory, anything else is recorded and refused, and must not happen.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PAGE_URL = 'http://report.test/verify.html';
/** Kept after the run: a screenshot and a PDF of the page (ignored by git and prettier). */
const ARTIFACTS = join(REPO_ROOT, 'test-results', 'report');

let browser: Browser;
let page: Page;
const requests: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('request', (request) => {
    if (request.url() !== PAGE_URL) requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const body = renderHtml(shopReport());
  await page.route('**/*', (route) =>
    route.request().url() === PAGE_URL
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body })
      : route.abort('blockedbyclient'),
  );
  await page.goto(PAGE_URL, { waitUntil: 'load' });
}, 90_000);

afterAll(async () => {
  await browser.close();
});

describe('renderHtml in headless Chromium', () => {
  it('shows the verdict, every workload and every finding code', async () => {
    await expect(page.locator('#verdict').innerText()).resolves.toBe('FAIL: 7 failing findings');
    for (const name of [
      'Pod/default/debug-shell',
      'Deployment/shop/payments-api',
      'Deployment/shop/cart',
      'CronJob/ops/nightly-backup',
      'DaemonSet/monitoring/node-exporter',
      'Deployment/shop/web',
    ])
      expect(await page.locator('h2', { hasText: name }).isVisible(), name).toBe(true);
    for (const code of [
      'RISKY_UNATTRIBUTED',
      'UNATTESTED_IMAGE',
      'ANNOTATIONS_MISMATCH',
      'DRIFT_MANUAL_CHANGE',
      'UNTRUSTED_SIGNER',
      'MISSING_PROVENANCE',
      'EXCEPTION_EXPIRED',
    ])
      expect(await page.locator('.findings li', { hasText: code }).first().isVisible(), code).toBe(
        true,
      );
  });

  it('highlights failing findings and shows the trail of a verified workload', async () => {
    const failing = page.locator('.findings li.fail');
    await expect(failing.count()).resolves.toBe(7);
    // (string expressions: the tests compile without the DOM library)
    const color = await page.evaluate(
      "getComputedStyle(document.querySelector('.findings li.fail')).borderLeftColor",
    );
    expect(color).toBe('rgb(176, 0, 32)');
    const web = page.locator('section.workload', { hasText: 'Deployment/shop/web' });
    const trail = await web.locator('.chain').innerText();
    expect(trail).toContain('charts/shop/templates/web.yaml:2');
    expect(trail).toContain('Alice Doe <alice@example.com> (blame, 2026-10-02T09:14:00Z)');
    expect(trail).toContain('bob, carol');
    expect(trail).toContain('https://github.com/acme/shop/actions/runs/4242/attempts/1');
    expect(trail).toContain(
      'https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main',
    );
    expect(trail).toMatch(/web-7c9d8f6b5-x2x9q\/web\s+ghcr\.io\/acme\/shop-web:3\.8\.1/);
    const link = web.locator('a', { hasText: 'charts/shop/templates/web.yaml:2' });
    await expect(link.getAttribute('href')).resolves.toMatch(
      /^https:\/\/github\.com\/acme\/shop\/blob\/9f1c2a7e/,
    );
  });

  it('made no request other than the page itself', () => {
    expect(requests).toEqual([]);
  });

  it('(the request check sees a page that does load something)', async () => {
    const other = await browser.newPage();
    const seen: string[] = [];
    other.on('request', (request) => seen.push(request.url()));
    await other.route('**/*', (route) =>
      route.request().url() === PAGE_URL
        ? route.fulfill({
            contentType: 'text/html',
            body: '<link rel="stylesheet" href="https://cdn.example/x.css"><p>hi</p>',
          })
        : route.abort('blockedbyclient'),
    );
    await other.goto(PAGE_URL);
    await other.close();
    expect(seen).toContain('https://cdn.example/x.css');
  });

  it('renders injected markup as text: no script ran, no element was created', async () => {
    await expect(page.evaluate('typeof window.pwned')).resolves.toBe('undefined');
    await expect(page.title()).resolves.toBe('trailmark verify: fail (2026-11-29T12:00:00.250Z)');
    await expect(page.locator('script').count()).resolves.toBe(0);
    await expect(page.locator('img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
    expect(await page.getByText(INJECTED_OWNER).first().isVisible()).toBe(true);
  });

  it('renders a report with markup in every field (names, kinds, URLs, digests) inert', async () => {
    const other = await browser.newPage();
    const seen: string[] = [];
    other.on('request', (request) => {
      if (request.url() !== PAGE_URL) seen.push(request.url());
    });
    const body = renderHtml(poisoned(shopReport()));
    await other.route('**/*', (route) =>
      route.request().url() === PAGE_URL
        ? route.fulfill({ contentType: 'text/html; charset=utf-8', body })
        : route.abort('blockedbyclient'),
    );
    await other.goto(PAGE_URL);
    await expect(other.locator('trailmark-evil').count()).resolves.toBe(0);
    await expect(other.locator('script, img, link, iframe').count()).resolves.toBe(0);
    const heading = other.locator('h2').first();
    expect(await heading.isVisible()).toBe(true);
    expect(await heading.innerText()).toContain('<trailmark-evil onclick="x()">');
    expect(await other.locator('body').innerText()).toContain(PAYLOAD.slice(0, 30));
    await other.close();
    expect(seen).toEqual([]);
  });

  it('keeps a full-page screenshot and prints to PDF, a page per workload', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const png = await page.screenshot({ fullPage: true, path: join(ARTIFACTS, 'shop.png') });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await page.emulateMedia({ media: 'print' });
    const breakBefore = await page.evaluate(
      "getComputedStyle(document.querySelector('section.workload')).breakBefore",
    );
    expect(breakBefore).toBe('page');
    const pdf = await page.pdf({
      path: join(ARTIFACTS, 'shop.pdf'),
      format: 'A4',
      printBackground: false,
    });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages =
      readFileSync(join(ARTIFACTS, 'shop.pdf'), 'latin1').match(/\/Type\s*\/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1 + 6);
    writeFileSync(join(ARTIFACTS, 'shop.html'), renderHtml(shopReport()));
  });
});
