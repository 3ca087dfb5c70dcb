import { describe, expect, it } from 'vitest';
import { parseAlerts, parseReference } from '../../src/index.js';
import { traceErrorOf } from './fixtures.js';

describe('parseReference', () => {
  it.each([
    ['shop/api-7d9f8c6b5-x2x7q', { namespace: 'shop', pod: 'api-7d9f8c6b5-x2x7q' }],
    ['pod/api-0 -n shop', { namespace: 'shop', pod: 'api-0' }],
    ['po/api-0 --namespace shop', { namespace: 'shop', pod: 'api-0' }],
    ['api-0', { pod: 'api-0' }],
  ])('reads %s as a pod', (text, expected) => {
    const alert = parseReference(text);
    expect(alert).toEqual({
      format: 'reference',
      source: 'reference',
      rule: 'reference',
      severity: 'info',
      ...expected,
      at: { path: '<argument>', line: 1 },
    });
  });

  it.each([
    ['deployment/api -n shop', 'Deployment', 'apps/v1', 'shop'],
    ['-n shop deploy/api', 'Deployment', 'apps/v1', 'shop'],
    ['--namespace=shop sts/api', 'StatefulSet', 'apps/v1', 'shop'],
    ['ds/api --namespace shop', 'DaemonSet', 'apps/v1', 'shop'],
    ['job/api -n shop', 'Job', 'batch/v1', 'shop'],
    ['cronjob/api -n shop', 'CronJob', 'batch/v1', 'shop'],
    ['secret/api -n shop', 'Secret', 'v1', 'shop'],
    ['sa/api -n shop', 'ServiceAccount', 'v1', 'shop'],
    ['serviceaccount/api', 'ServiceAccount', 'v1', undefined],
    ['clusterrole/api -n shop', 'ClusterRole', 'rbac.authorization.k8s.io/v1', undefined],
  ])('reads %s as a %s', (text, kind, apiVersion, namespace) => {
    const alert = parseReference(text);
    expect(alert.object).toMatchObject({ kind, apiVersion, name: 'api' });
    expect(alert.object?.namespace).toBe(namespace);
    expect(alert.namespace).toBe(namespace);
    expect(alert.pod).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['deployment/', '"deployment/"'],
    ['a/b/c', '"a/b/c"'],
    ['pod/API_0 -n shop', 'invalid name'],
    ['pod/api -n Shop!', 'invalid namespace'],
    ['pod/api -n', '-n needs a value'],
    ['pod/api --force', 'unknown flag'],
    ['shop/api -n other', 'namespace given twice'],
    ['pod/a pod/b', 'more than one target'],
  ])('refuses %j (%s), exit 2', (text, why) => {
    const error = traceErrorOf(() => parseReference(text), 'TRACE_ALERT_PARSE');
    expect(error.message).toMatch(/^<argument>:1: not a reference: /);
    expect(error.message).toContain(why);
  });

  it('reads a file of references, one a line, with format reference', () => {
    const alerts = parseAlerts('# incidents\nshop/api-0\n\ndeploy/api -n shop\n', 'refs.txt', {
      format: 'reference',
    });
    expect(alerts.map((a) => [a.at.line, a.pod ?? a.object?.kind])).toEqual([
      [2, 'api-0'],
      [4, 'Deployment'],
    ]);
    const error = traceErrorOf(
      () => parseAlerts('shop/api-0\npod/', 'refs.txt', { format: 'reference' }),
      'TRACE_ALERT_PARSE',
    );
    expect(error.location).toEqual({ path: 'refs.txt', line: 2 });
  });
});
