import { FINDING_CODES, type FindingCode } from '@trailmark/core';
import type { Match, PolicyException, TrustedIdentity, VerifyPolicy } from './policy-types.js';
import { defaultPolicy } from './policy-default.js';
import { PolicyNode } from './policy-yaml.js';

/** `schema` a policy file may state. */
export const VERIFY_POLICY_SCHEMA = 'https://trailmark.dev/verify-policy/v1';

/** A trusted key as the policy file names it: a PEM file the facade reads (relative to the policy file as written). */
export interface PolicyKeyFile {
  kind: 'key';
  /** The path as written in the policy. */
  file: string;
  at: { path: string; line: number };
}

/** A parsed policy whose key identities still name files ({@link resolvePolicyKeys} fills them). */
export interface VerifyPolicyDraft extends Omit<VerifyPolicy, 'identities'> {
  identities: (Exclude<TrustedIdentity, { kind: 'key' }> | PolicyKeyFile)[];
}

const TOP = [
  'schema',
  'identities',
  'requiredPredicates',
  'builders',
  'repositories',
  'namespaces',
  'deployers',
  'failOn',
  'exceptions',
];

/**
 * Parses a verify policy (YAML or JSON; docs/verify.md, schemas/verify-policy.v1.schema.json).
 * Every error names `file:line` and the member. `deployers` add to the default deployers;
 * `failOn` replaces the default codes when given.
 *
 * @throws VerifyError `VERIFY_INVALID_POLICY`
 */
export function parseVerifyPolicy(text: string, file: string): VerifyPolicyDraft {
  const root = PolicyNode.parse(text, file);
  const members = root.mapping(TOP);
  const defaults = defaultPolicy();
  const schema = members.get('schema');
  if (schema !== undefined && schema.string() !== VERIFY_POLICY_SCHEMA)
    throw schema.fail(`unsupported schema (expected ${VERIFY_POLICY_SCHEMA})`);
  const list = (key: string): string[] => members.get(key)?.strings() ?? [];
  const namespaces = members.get('namespaces')?.mapping(['include', 'exclude']);
  const failOn = members.get('failOn');
  return {
    file,
    identities: (members.get('identities')?.sequence() ?? []).map((node) => identityOf(node, file)),
    requiredPredicates: list('requiredPredicates'),
    builders: list('builders'),
    repositories: list('repositories'),
    namespaces: {
      include: namespaces?.get('include')?.strings() ?? [],
      exclude: namespaces?.get('exclude')?.strings() ?? [],
    },
    deployers: [...new Set([...defaults.deployers, ...list('deployers')])],
    failOn: failOn === undefined ? defaults.failOn : failOn.sequence().map(codeOf),
    exceptions: (members.get('exceptions')?.sequence() ?? []).map((node) =>
      exceptionOf(node, file),
    ),
  };
}

function identityOf(node: PolicyNode, file: string): VerifyPolicyDraft['identities'][number] {
  const members = node.mapping([
    'key',
    'issuer',
    'subject',
    'subjectPattern',
    'sourceRepository',
    'sourceRepositoryPattern',
    'sourceRef',
    'sourceRefPattern',
  ]);
  const key = members.get('key');
  if (key !== undefined) {
    if (members.size > 1)
      throw node.fail('a key identity has only `key` (the PEM public key file)');
    return { kind: 'key', file: key.string(), at: { path: file, line: key.line } };
  }
  const issuer = members.get('issuer');
  if (issuer === undefined)
    throw node.fail('an identity needs `issuer` and `subject` or `subjectPattern` (or `key`)');
  const subject = matchOf(members, 'subject', node);
  if (subject === undefined) throw node.fail('an identity needs `subject` or `subjectPattern`');
  const sourceRepository = matchOf(members, 'sourceRepository', node);
  const sourceRef = matchOf(members, 'sourceRef', node);
  return {
    kind: 'certificate',
    issuer: issuer.string(),
    subject,
    ...(sourceRepository === undefined ? {} : { sourceRepository }),
    ...(sourceRef === undefined ? {} : { sourceRef }),
  };
}

// `name` (exact) or `namePattern` (anchored regular expression), not both.
function matchOf(
  members: ReadonlyMap<string, PolicyNode>,
  name: string,
  parent: PolicyNode,
): Match | undefined {
  const exact = members.get(name);
  const pattern = members.get(`${name}Pattern`);
  if (exact !== undefined && pattern !== undefined)
    throw parent.fail(`give \`${name}\` or \`${name}Pattern\`, not both`);
  if (exact !== undefined) return { exact: exact.string() };
  if (pattern === undefined) return undefined;
  const source = pattern.string();
  try {
    new RegExp(`^(?:${source})$`, 'u');
  } catch (err) {
    throw pattern.fail(
      `not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return { pattern: source };
}

function codeOf(node: PolicyNode): FindingCode {
  const code = node.string();
  if (!(FINDING_CODES as readonly string[]).includes(code))
    throw node.fail(
      `unknown finding code ${JSON.stringify(code)} (expected one of: ${FINDING_CODES.join(', ')})`,
    );
  return code as FindingCode;
}

function exceptionOf(node: PolicyNode, file: string): PolicyException {
  const members = node.mapping(['code', 'workload', 'owner', 'reason', 'expires']);
  const required = (key: string): PolicyNode => {
    const member = members.get(key);
    if (member === undefined)
      throw node.fail(`an exception needs \`${key}\` (code, workload, owner, reason, expires)`);
    return member;
  };
  const workload = required('workload');
  if (workload.string().split('/').length !== 3)
    throw workload.fail('expected Kind/namespace/name (each may use * globs)');
  const expires = required('expires');
  if (!isDate(expires.string())) throw expires.fail('expected a date YYYY-MM-DD');
  return {
    code: codeOf(required('code')),
    workload: workload.string(),
    owner: required('owner').string(),
    reason: required('reason').string(),
    expires: expires.string(),
    at: { path: file, line: node.line },
  };
}

// A real calendar date in YYYY-MM-DD.
function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
