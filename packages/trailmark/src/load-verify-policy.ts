import { resolve } from 'node:path';
import {
  defaultPolicy,
  parseVerifyPolicy,
  policyKeyFiles,
  resolvePolicyKeys,
  type TrustedIdentity,
  type VerifyPolicy,
} from '@trailmark/verify';
import { readText } from './read-file.js';

/** Signers trusted from the command line, added to the policy file's. */
export interface IdentityFlags {
  /** `--certificate-identity SAN`: matched exactly. */
  subjects: readonly string[];
  /** `--certificate-identity-pattern RE`: always anchored. */
  patterns: readonly string[];
  /** `--certificate-oidc-issuer URL`, for the two above. */
  issuer?: string;
}

/**
 * The policy of a verify run: the policy file (`--policy`, else the default policy: risky
 * workloads must be fully attributed), its key files read relative to it, plus the certificate
 * identities the flags name (`--key` files are read with the evidence).
 */
export async function loadVerifyPolicy(
  cwd: string,
  file: string | undefined,
  flags: IdentityFlags,
): Promise<VerifyPolicy> {
  const base = file === undefined ? defaultPolicy() : await readPolicyFile(cwd, file);
  const fromFlags = await flagIdentities(flags);
  return { ...base, identities: [...base.identities, ...fromFlags] };
}

async function readPolicyFile(cwd: string, file: string): Promise<VerifyPolicy> {
  const text = await readText(resolve(cwd, file), {
    path: file,
    expected: 'the policy (--policy)',
  });
  const draft = parseVerifyPolicy(text, file);
  const pems = new Map<string, string>();
  for (const path of policyKeyFiles(draft)) {
    pems.set(
      path,
      await readText(resolve(cwd, path), { path, expected: `a key the policy ${file} trusts` }),
    );
  }
  return resolvePolicyKeys(draft, pems);
}

async function flagIdentities(flags: IdentityFlags): Promise<TrustedIdentity[]> {
  const identities: TrustedIdentity[] = [];
  const issuer = flags.issuer;
  if (issuer === undefined) return Promise.resolve(identities);
  for (const exact of flags.subjects)
    identities.push({ kind: 'certificate', issuer, subject: { exact } });
  for (const pattern of flags.patterns)
    identities.push({ kind: 'certificate', issuer, subject: { pattern } });
  return Promise.resolve(identities);
}
