import { describe, expect, it } from 'vitest';
import {
  TRACE_RESULT_SCHEMA,
  isTraceFormat,
  renderIncidentJson,
  renderTrace,
  type TraceResult,
} from '../src/index.js';
import { secretIncident, shellIncident, unresolvedIncident } from './helpers/incidents.js';
import { incidentValidator, traceResultValidator } from './helpers/schemas.js';

const validateIncident = incidentValidator();
const validateResult = traceResultValidator();

const result = (): TraceResult => ({
  schema: TRACE_RESULT_SCHEMA,
  generatedAt: '2026-11-29T10:02:13.120Z',
  incidents: [shellIncident(), unresolvedIncident(), secretIncident()],
});

describe('renderIncidentJson', () => {
  it('writes each incident as 2-space JSON, valid against incident.v1', () => {
    for (const incident of [shellIncident(), unresolvedIncident(), secretIncident()]) {
      const json = renderIncidentJson(incident);
      expect(json.endsWith('}\n')).toBe(true);
      expect(json.split('\n')[1]).toBe('  "schema": "https://trailmark.dev/incident/v1",');
      expect(validateIncident(JSON.parse(json))).toEqual([]);
    }
  });

  it('keeps the facts as they are: nothing lost but undefined members', () => {
    const incident = shellIncident();
    expect(JSON.parse(renderIncidentJson(incident))).toEqual(JSON.parse(JSON.stringify(incident)));
  });

  it('writes the same bytes whatever order the members were built in', () => {
    const incident = shellIncident();
    const reversed = JSON.parse(
      JSON.stringify(incident, (_, value: unknown) =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as typeof incident;
    expect(Object.keys(reversed)[0]).toBe('notify');
    expect(renderIncidentJson(reversed)).toBe(renderIncidentJson(incident));
    const keys = Object.keys(JSON.parse(renderIncidentJson(incident)) as object);
    expect(keys[0]).toBe('schema');
    expect(keys.slice(1)).toEqual([...keys.slice(1)].sort());
  });

  it('leaves bundle predicates out, so the closed evidence object holds', () => {
    const incident = shellIncident();
    const evidence = { ...incident.evidence[0]!, predicate: { objects: ['…'] } };
    incident.evidence = [evidence];
    const json = renderIncidentJson(incident);
    expect(json).not.toContain('predicate"');
    expect(validateIncident(JSON.parse(json))).toEqual([]);
  });

  it('is rejected by the schema when a member is extra, a via unknown or a secret carries data', () => {
    const extra = { ...JSON.parse(renderIncidentJson(shellIncident())), verdict: 'ok' } as object;
    expect(validateIncident(extra).length).toBeGreaterThan(0);
    const via = JSON.parse(renderIncidentJson(shellIncident())) as {
      resolution: { via: string };
      secrets: { data?: string }[];
    };
    via.resolution.via = 'guess';
    expect(validateIncident(via).map((issue) => issue.pointer)).toContain('/resolution/via');
    const data = JSON.parse(renderIncidentJson(shellIncident())) as { secrets: object[] };
    data.secrets[0] = { ...data.secrets[0], data: { password: 'aHVudGVyMg==' } };
    expect(validateIncident(data).map((issue) => issue.pointer)).toContain('/secrets/0');
  });
});

describe('renderTrace', () => {
  it('writes one trace-result document for any number of alerts, valid against its schema', () => {
    for (const incidents of [[], [shellIncident()], result().incidents]) {
      const json = renderTrace({ ...result(), incidents }, 'json');
      const document = JSON.parse(json) as TraceResult;
      expect(validateResult(document)).toEqual([]);
      expect(document.incidents).toHaveLength(incidents.length);
    }
    const document = JSON.parse(renderTrace(result(), 'json')) as TraceResult;
    expect(document.incidents.map((incident) => incident.alert.rule)).toEqual([
      'Terminal shell in container',
      'KubePodCrashLooping',
      'get secrets',
    ]);
  });

  it('the trace-result schema rejects a broken incident inside', () => {
    const document = JSON.parse(renderTrace(result(), 'json')) as { incidents: object[] };
    document.incidents[1] = { ...document.incidents[1], fingerprint: 'sha256:abc' };
    expect(validateResult(document).map((issue) => issue.pointer)).toContain(
      '/incidents/1/fingerprint',
    );
  });

  it('renders text and markdown of every incident, and refuses an unknown format', () => {
    const text = renderTrace(result(), 'text');
    expect(text).toContain('Terminal shell in container  Deployment/shop/api  VERIFIED');
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '3 incidents: 1 verified, 1 claimed, 1 unresolved',
    );
    const markdown = renderTrace(result(), 'markdown');
    expect(markdown.match(/^### /gm)).toHaveLength(3);
    expect(markdown.match(/^---$/gm)).toHaveLength(2);
    expect(renderTrace({ ...result(), incidents: [] }, 'markdown')).toBe(
      'No alerts in the input.\n',
    );
    expect(isTraceFormat('markdown')).toBe(true);
    expect(isTraceFormat('sarif')).toBe(false);
    expect(() => renderTrace(result(), 'sarif' as 'json')).toThrow(/unknown trace format "sarif"/);
  });
});
