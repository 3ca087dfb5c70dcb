import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '@trailmark/testing';
import { stringsIn } from './deploy-objects.js';

const read = (path: string): unknown => parse(readFileSync(join(REPO_ROOT, path), 'utf8'));

interface Service {
  metadata: { name: string; namespace: string };
  spec: { ports: { port: number }[] };
}
const service = read('deploy/serve/service.yaml') as Service;
const ENDPOINT = `http://${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local:${service.spec.ports[0]?.port}/v1/alerts`;

// The sender snippets: falcosidekick (Helm values) and Alertmanager (a receiver) post to the
// Service deploy/serve creates, with the bearer token taken from a Secret, never written out.
describe('deploy/integrations', () => {
  it("points falcosidekick's webhook output at serve, the header from a Secret", () => {
    const values = read('deploy/integrations/falcosidekick-values.yaml') as {
      config: {
        webhook: { address: string; method: string; customHeaders: string };
        extraEnv: { name: string; value?: string; valueFrom?: { secretKeyRef?: object } }[];
      };
    };
    expect(values.config.webhook.address).toBe(ENDPOINT);
    expect(values.config.webhook.method).toBe('POST');
    expect(values.config.webhook.customHeaders).toBe('');
    expect(values.config.extraEnv).toEqual([
      {
        name: 'WEBHOOK_CUSTOMHEADERS',
        valueFrom: { secretKeyRef: { name: 'trailmark-serve-sender', key: 'customheaders' } },
      },
    ]);
  });

  it('gives Alertmanager a webhook receiver on serve with the token from a file', () => {
    const config = read('deploy/integrations/alertmanager-receiver.yaml') as {
      route: { routes: { receiver: string }[] };
      receivers: { name: string; webhook_configs: Record<string, unknown>[] }[];
    };
    const receiver = config.receivers.find((r) => r.name === config.route.routes[0]?.receiver);
    const webhook = receiver?.webhook_configs[0] ?? {};
    expect(webhook).toMatchObject({ url: ENDPOINT, send_resolved: false, max_alerts: 0 });
    expect(webhook.http_config).toEqual({
      authorization: {
        type: 'Bearer',
        credentials_file: '/etc/alertmanager/secrets/trailmark-serve-sender/token',
      },
    });
  });

  it('writes no credential in either snippet', () => {
    const values = [
      ...stringsIn(read('deploy/integrations/falcosidekick-values.yaml')),
      ...stringsIn(read('deploy/integrations/alertmanager-receiver.yaml')),
    ];
    const keys = values.map(({ path }) => path);
    expect(keys.filter((key) => /credentials$|bearer_token$|password$/.test(key))).toEqual([]);
    expect(values.filter(({ value }) => /Bearer\s+\S|gh[pousr]_\w{20,}/.test(value))).toEqual([]);
  });
});
