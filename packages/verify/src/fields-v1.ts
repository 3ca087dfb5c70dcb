import { asRecord } from './kube-read.js';

/**
 * Readable leaf paths of a `managedFields[].fieldsV1` set: `f:spec` → `spec`, `k:{"name":"app"}`
 * → `[name=app]`, `v:"x"` → `[=x]`, `i:0` → `[0]`; `.` (the node itself) is dropped. E.g.
 * `spec.template.spec.containers[name=app].image`.
 */
export function fieldPaths(fieldsV1: unknown): string[] {
  const out: string[] = [];
  walk(asRecord(fieldsV1) ?? {}, '', out);
  return out;
}

function walk(node: Record<string, unknown>, prefix: string, out: string[]): void {
  const keys = Object.keys(node).filter((key) => key !== '.');
  if (keys.length === 0) {
    if (prefix !== '') out.push(prefix);
    return;
  }
  for (const key of keys) walk(asRecord(node[key]) ?? {}, join(prefix, key), out);
}

function join(prefix: string, key: string): string {
  const body = key.slice(2);
  switch (key.slice(0, 2)) {
    case 'f:':
      return prefix === '' ? body : `${prefix}.${body}`;
    case 'k:':
      return `${prefix}[${keySelector(body)}]`;
    case 'v:':
      return `${prefix}[=${valueText(body)}]`;
    case 'i:':
      return `${prefix}[${body}]`;
    default:
      return prefix === '' ? key : `${prefix}.${key}`;
  }
}

// `{"containerPort":80,"protocol":"TCP"}` → `containerPort=80,protocol=TCP`.
function keySelector(json: string): string {
  try {
    const value = asRecord(JSON.parse(json) as unknown);
    if (value === undefined) return json;
    return Object.entries(value)
      .map(([key, item]) => `${key}=${valueText(JSON.stringify(item))}`)
      .join(',');
  } catch {
    return json;
  }
}

function valueText(json: string): string {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  } catch {
    return json;
  }
}
