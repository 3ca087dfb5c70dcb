import { marked } from 'marked';
import { scrubSecrets } from '@trailmark/core';
import { describe, expect, it } from 'vitest';
import {
  MARKDOWN_MAX_LENGTH,
  renderIncidentJson,
  renderIncidentMarkdown,
  renderIncidentText,
} from '../src/index.js';
import {
  permalink,
  secretIncident,
  shellIncident,
  unresolvedIncident,
} from './helpers/incidents.js';

// GitHub renders issue bodies as GFM with raw HTML allowed; `marked` (GFM on, HTML passed
// through) stands in for it. Mentions and issue references are GitHub's own post-processing,
// which never touches code: the tests check that such tokens only appear inside <code>.
const html = (markdown: string): string => marked.parse(markdown, { async: false, gfm: true });
const outsideCode = (page: string): string => page.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');

describe('renderIncidentMarkdown', () => {
  const markdown = renderIncidentMarkdown(shellIncident());
  const page = html(markdown);

  it('opens with the rule, the workload and the verdict', () => {
    const [title, , verdict] = markdown.split('\n');
    expect(title).toBe('### Terminal shell in container on `Deployment/shop/api`');
    expect(verdict).toMatch(
      /^✅ \*\*verified\*\*: a verified bundle backs the origin \(resolved: /,
    );
  });

  it('links the source, secret, service-account and binding lines to their permalinks', () => {
    for (const [path, line] of [
      ['charts/shop/templates/deployment.yaml', 7],
      ['charts/shop/templates/deployment.yaml', 48],
      ['charts/shop/templates/deployment.yaml', 30],
      ['charts/shop/templates/rbac.yaml', 3],
    ] as const)
      expect(page).toContain(`<a href="${permalink(path, line)}">${path}:${line}</a>`);
    expect(page).toContain('<strong>Source</strong>: <a href=');
    expect(page).toMatch(/<strong>Owners<\/strong>: <code>@acme\/payments<\/code> ✅ verified/);
    expect(page).toMatch(/<strong>Environment<\/strong>: <code>prod<\/code> ⚠️ claimed/);
    expect(page).toContain('<h4>Changed by hand since the attested deploy</h4>');
    expect(page).toMatch(/created by hand by jane at 2026-09-14T08:00:00Z ⚠️ claimed/);
    expect(page).toContain('🔥 ClusterRoleBinding/shop-api-admin → ClusterRole/cluster-admin');
  });

  it('does not link a claimed permalink: an annotation could point it anywhere', () => {
    const incident = secretIncident();
    incident.origin!.sourceUrl = 'https://evil.example/phish';
    const claimed = html(renderIncidentMarkdown(incident));
    expect(claimed).not.toContain('href="https://evil.example');
    expect(claimed).toContain('<code>https://evil.example/phish</code>');
    expect(claimed).toContain('<li><code>CronJob/shop/db-backup</code></li>');
  });

  it('names the unresolved reason and no origin', () => {
    const out = renderIncidentMarkdown(unresolvedIncident());
    expect(out).toContain(
      '❓ **unresolved**: pod shop/worker-5d8f9c7b6-abcde no longer exists and the alert carries no trailmark.dev/origin label or pod-template-hash',
    );
    expect(out).not.toContain('**Source**');
  });

  it('keeps an injection in a pod name, alert message or user name inert', () => {
    const incident = shellIncident();
    incident.alert.message =
      'hi @acme/security-team and @octocat see acme/other#12 #7 <img src=x onerror=alert(1)> [click](https://evil.example) ``` </details> https://evil.example';
    incident.alert.pod = 'api-x <script>alert(1)</script> @admin';
    incident.pod = incident.alert.pod;
    incident.alert.user = '@acme/owners](javascript:alert(1))';
    incident.appliers[0]!.user = '@jane <b>x</b>';
    incident.resolution.reason = 'never shown';
    incident.alert.fields = { 'proc.cmdline': 'curl https://evil.example @root #1' };
    const out = html(renderIncidentMarkdown(incident));
    expect(out).not.toMatch(/<img|<script|<b>x|href="https:\/\/evil|href="javascript/i);
    const prose = outsideCode(out);
    expect(prose).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/m); // every @handle sits in <code>
    expect(prose).not.toMatch(/(^|[^&])#\d/); // so does every issue reference (`&#39;` is an entity)
    expect(out).toContain('<code>@acme/owners</code>'); // the user name's handle, in code
    expect(out).toContain('<code>@jane</code>');
    expect(out).toContain('<code>@admin</code>');
    expect(out).toMatch(/<pre><code class="language-text">hi @acme\/security-team /);
    expect(out.match(/<pre>/g)).toHaveLength(1); // the ``` in the message did not close the block
  });

  it('survives control characters and still fits the body', () => {
    const incident = shellIncident();
    incident.alert.rule = 'Shell\u001b[2J\u202e\n## forged heading';
    const out = renderIncidentMarkdown(incident);
    for (const char of ['\u001b', '\u202e']) expect(out).not.toContain(char);
    expect(html(out)).not.toContain('<h2>forged heading');
  });

  it('shortens a huge incident to fit an issue body, urgent lists first, and says so', () => {
    const incident = secretIncident();
    incident.usedBy = Array.from({ length: 4000 }, (_, i) => ({
      kind: 'Deployment',
      namespace: 'shop',
      name: `worker-${String(i).padStart(4, '0')}`,
    }));
    incident.alert.message = 'x'.repeat(100_000);
    const full = renderIncidentMarkdown(incident, { maxLength: 10_000_000 });
    expect(full.length).toBeGreaterThan(MARKDOWN_MAX_LENGTH);
    const short = renderIncidentMarkdown(incident);
    expect(short.length).toBeLessThanOrEqual(MARKDOWN_MAX_LENGTH);
    expect(short).toContain('#### Secrets');
    expect(short).toMatch(
      /> Shortened to fit 65000 characters: \d+ of 4000 workloads not shown here/,
    );
    expect(short).toContain('`Deployment/shop/worker-0000`');
    expect(short).not.toContain('`Deployment/shop/worker-3999`');
    expect(short.trimEnd().split('\n').at(-1)).toMatch(/^<sub>trailmark trace · fingerprint/);
    const tight = renderIncidentMarkdown(incident, { maxLength: 20_000 });
    expect(tight.length).toBeLessThanOrEqual(20_000);
  });
});

describe('secret values', () => {
  const TOKEN = 'ghp_Z9y8X7w6V5u4T3s2R1q0';
  const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcCJ9.c2lnbmF0dXJl';
  const PASSWORD = 'hunter2-s3cr3t';
  const BASIC = 'ZGVwbG95Omh1bnRlcjI=';
  const planted = (): ReturnType<typeof shellIncident> => {
    const incident = shellIncident();
    incident.alert.message = `curl -H "Authorization: Bearer ${JWT}" https://ci:${PASSWORD}@git.acme.example/x`;
    incident.alert.fields = { 'proc.cmdline': `git clone https://${TOKEN}@github.com/acme/shop` };
    incident.alert.user = TOKEN;
    incident.appliers[0]!.user = `Basic ${BASIC}`;
    return incident;
  };

  it('never appear in text, Markdown or JSON, even when a caller passed them unscrubbed', () => {
    const incident = planted();
    for (const output of [
      renderIncidentText(incident),
      renderIncidentMarkdown(incident),
      renderIncidentJson(incident),
    ]) {
      const plain = output.replace(/\\/g, ''); // Markdown escapes could split a value
      for (const secret of [TOKEN, JWT, PASSWORD, BASIC, 'c2lnbmF0dXJl'])
        expect(plain).not.toContain(secret);
      expect(plain).toContain('[REDACTED');
    }
  });

  it('renders an already scrubbed alert with nothing of the secret coming back', () => {
    const incident = planted();
    const scrubbed = scrubSecrets(incident.alert.message!);
    incident.alert.message = scrubbed;
    const json = JSON.parse(renderIncidentJson(incident)) as { alert: { message: string } };
    // scrubSecrets is not idempotent (a second pass tidies `[REDACTED] JWT]` into `[REDACTED]`):
    // the renderers' pass may shorten a marker, never restore what it replaced.
    expect(json.alert.message).toBe(scrubSecrets(scrubbed));
    expect(json.alert.message).toBe(
      'curl -H "Authorization: [REDACTED]" https://[REDACTED]@git.acme.example/x',
    );
  });
});
