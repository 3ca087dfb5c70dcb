import { describe, expect, it } from 'vitest';
import { renderIncidentText } from '../src/index.js';
import {
  BUILD,
  COMMIT,
  permalink,
  shellIncident,
  unresolvedIncident,
} from './helpers/incidents.js';

describe('renderIncidentText', () => {
  const text = renderIncidentText(shellIncident());
  const line = (label: string): string =>
    text.split('\n').find((candidate) => candidate.startsWith(`  ${label.padEnd(12)} `)) ?? '';

  it('starts with the rule, the workload and the verdict', () => {
    expect(text.split('\n')[0]).toBe('Terminal shell in container  Deployment/shop/api  VERIFIED');
    const claimed = shellIncident();
    claimed.attribution = 'claimed';
    expect(renderIncidentText(claimed).split('\n')[0]).toMatch(/ CLAIMED$/);
    const none = shellIncident();
    none.attribution = 'none';
    none.origin = undefined;
    const unattributed = renderIncidentText(none);
    expect(unattributed.split('\n')[0]).toMatch(/ UNATTRIBUTED$/);
    expect(unattributed).toContain('  source       unknown: no origin record, no annotations');
  });

  it('names every fact a responder needs, each marked verified or claimed', () => {
    expect(line('source')).toBe(
      '  source       charts/shop/templates/deployment.yaml:7  ✓ verified',
    );
    expect(text).toContain(
      `\n               ${permalink('charts/shop/templates/deployment.yaml', 7)}\n`,
    );
    expect(line('chart')).toBe('  chart        shop@1.4.2  ✓ verified');
    expect(line('commit')).toBe(
      `  commit       ${COMMIT} in https://github.com/acme/shop  ✓ verified`,
    );
    expect(line('owners')).toBe('  owners       @acme/payments  ✓ verified');
    expect(line('introducer')).toContain('alice <alice@example.com>, commit a1b2c3d4e5f6');
    expect(line('approvers')).toBe('  approvers    bob  ✓ verified');
    expect(line('operator')).toBe(
      '  operator     release-bot via acme/shop/.github/workflows/release.yml@refs/heads/main  ✓ verified',
    );
    expect(line('build')).toBe(`  build        ${BUILD}  ✓ verified`);
    expect(line('environment')).toBe('  environment  prod  claimed');
    expect(line('by hand')).toBe(
      '  by hand      kubectl-edit (user jane), Update at 2026-11-28T17:03:00Z: spec.template.spec.containers[name=api].env[name=DEBUG].value [managed-fields]',
    );
    expect(line('image')).toMatch(
      /^ {2}image {8}api: ghcr\.io\/acme\/shop-api:2\.3\.0 \(sha256:1{64}\); attested by sha256:b{64}; built by .*runs\/42.* {2}✓ verified$/,
    );
    expect(line('notify')).toBe('  notify       @acme/payments, @acme/platform');
    expect(line('fingerprint')).toBe(`  fingerprint  sha256:${'f'.repeat(64)}`);
  });

  it('gives the secret its reference line and origin, and the service account its bindings', () => {
    expect(line('secret')).toBe(
      '  secret       shop-db (volume, container api) at charts/shop/templates/deployment.yaml:48',
    );
    expect(text).toContain(
      '               from: created by hand by jane at 2026-09-14T08:00:00Z  claimed',
    );
    expect(line('account')).toBe(
      '  account      shop/shop-api set at charts/shop/templates/deployment.yaml:30; token automounted',
    );
    expect(line('binding !')).toBe(
      '  binding !    ClusterRoleBinding/shop-api-admin → ClusterRole/cluster-admin: cluster-admin (everything, everywhere) at charts/shop/templates/rbac.yaml:3; owners @acme/platform  ✓ verified',
    );
    expect(line('finding')).toMatch(/^ {2}finding {6}FAIL high DRIFT_MANUAL_CHANGE: kubectl-edit/);
  });

  it('names both the template owners and the deployer of an external chart', () => {
    const incident = shellIncident();
    incident.deployer = {
      operator: {
        id: 'platform-bot',
        workflowRef: 'acme/platform/.github/workflows/deploy.yml@refs/heads/main',
      },
      repository: 'https://github.com/acme/platform',
      owners: ['@acme/platform-team'],
    };
    const out = renderIncidentText(incident);
    expect(out).toContain('  owners       @acme/payments  ✓ verified');
    expect(out).toContain(
      '  deployer     platform-bot via acme/platform/.github/workflows/deploy.yml@refs/heads/main from https://github.com/acme/platform; owners @acme/platform-team  ✓ verified',
    );
  });

  it('says why an incident did not resolve, and shows what the alert said', () => {
    const out = renderIncidentText(unresolvedIncident());
    expect(out.split('\n')[0]).toBe(
      'KubePodCrashLooping  Pod/shop/worker-5d8f9c7b6-abcde  UNRESOLVED',
    );
    expect(out).toContain(
      '  unresolved   pod shop/worker-5d8f9c7b6-abcde no longer exists and the alert carries no trailmark.dev/origin label or pod-template-hash',
    );
    expect(out).toContain('  notify       nobody: no owners known');
    expect(out).not.toContain('source');
  });

  it('cuts only the alert free text to the width, never a path or permalink', () => {
    const out = renderIncidentText(shellIncident(), { width: 60 });
    const message = out.split('\n').find((l) => l.includes('10:02:11.834631763: Notice')) ?? '';
    expect(Array.from(message)).toHaveLength(60);
    expect(message.endsWith('…')).toBe(true);
    expect(out).toContain(permalink('charts/shop/templates/deployment.yaml', 7));
  });

  it('colors only when asked, and lets no control character from the alert reach the terminal', () => {
    expect(text).not.toContain('\u001b');
    const colored = renderIncidentText(shellIncident(), { color: true });
    expect(colored).toContain('\u001b[32m✓ verified\u001b[0m');
    expect(
      colored
        .split(/\[\d+m/)
        .join('')
        .split('\u001b')
        .join(''),
    ).toBe(text);
    const hostile = shellIncident();
    hostile.alert.message =
      'ok\u001b[2J\u001b]0;pwned\u0007\r\n  source       forged.yaml:1  ✓ verified\u202e';
    hostile.alert.pod = 'api\u001b[31m';
    const out = renderIncidentText(hostile);
    for (const char of ['\u001b', '\u0007', '\r', '\u202e']) expect(out).not.toContain(char);
    expect(out).toContain('ok\\u{1b}[2J\\u{1b}]0;pwned\\u{7}');
    expect(out.split('\n').filter((l) => l.startsWith('  source '))).toHaveLength(1);
  });
});
