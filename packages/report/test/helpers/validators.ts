import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

// CommonJS default exports under NodeNext (see /work/shared/toolchain.md §9).
const Ajv04 = Ajv04Module as unknown as typeof Ajv04Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const fixture = (path: string): URL => new URL(`../fixtures/${path}`, import.meta.url);

/** `instancePath message` of each error, or [] when valid. */
export type Check = (document: unknown) => string[];

const issues = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);

/** The official SARIF 2.1.0 schema (draft-04), compiled with ajv-draft-04 and formats. */
export function sarifCheck(): Check {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(
    JSON.parse(readFileSync(fixture('sarif/sarif-schema-2.1.0.json'), 'utf8')) as object,
  );
  return (document) => (validate(document) ? [] : issues(validate.errors));
}

/**
 * The `v1alpha2` openAPIV3Schema of the real PolicyReport or ClusterPolicyReport CRD, compiled as
 * JSON Schema (the generated CRD uses only type, properties, items, enum, required, format,
 * additionalProperties). Stricter than the API server in one way: the server silently prunes
 * unknown fields, which would lose data without a word, so here every object that lists its
 * properties is closed and an unknown field is an error.
 */
export function policyReportCheck(kind: 'PolicyReport' | 'ClusterPolicyReport'): Check {
  const file =
    kind === 'PolicyReport'
      ? 'wgpolicyk8s.io_policyreports.yaml'
      : 'wgpolicyk8s.io_clusterpolicyreports.yaml';
  const crd = parse(readFileSync(fixture(`policy-report/${file}`), 'utf8')) as {
    spec: {
      names: { kind: string };
      versions: { name: string; schema: { openAPIV3Schema: object } }[];
    };
  };
  if (crd.spec.names.kind !== kind) throw new Error(`${file} defines ${crd.spec.names.kind}`);
  const version = crd.spec.versions.find((v) => v.name === 'v1alpha2');
  if (version === undefined) throw new Error(`${file} has no v1alpha2`);
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
  const validate = ajv.compile(closed(version.schema.openAPIV3Schema as Node));
  return (document) => (validate(document) ? [] : issues(validate.errors));
}

type Node = Record<string, unknown>;

// Walks schema nodes only (a `properties` map holds field names, and PolicyReport results have a
// field called `properties`), closing every node that lists properties.
function closed(node: Node): Node {
  const out: Node = { ...node };
  if (isNode(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([name, child]) => [name, closed(child as Node)]),
    );
    if (!('additionalProperties' in node)) out.additionalProperties = false;
  }
  if (isNode(node.items)) out.items = closed(node.items);
  if (isNode(node.additionalProperties))
    out.additionalProperties = closed(node.additionalProperties);
  return out;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
