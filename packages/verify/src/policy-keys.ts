import { dirname, isAbsolute, join } from 'node:path';
import { VerifyError } from './error.js';
import type { PolicyKeyFile, VerifyPolicyDraft } from './policy-parse.js';
import type { TrustedIdentity, VerifyPolicy } from './policy-types.js';

/** The key files a policy names, each resolved against the policy file's directory (what the facade reads). */
export function policyKeyFiles(draft: VerifyPolicyDraft): string[] {
  return draft.identities.flatMap((identity) =>
    identity.kind === 'key' ? [keyPath(draft, identity)] : [],
  );
}

/**
 * The policy with each key identity's PEM filled in from `pems` (keyed by the paths
 * {@link policyKeyFiles} gave). A path missing from `pems` names the policy line.
 *
 * @throws VerifyError `VERIFY_INVALID_POLICY`
 */
export function resolvePolicyKeys(
  draft: VerifyPolicyDraft,
  pems: ReadonlyMap<string, string>,
): VerifyPolicy {
  const identities: TrustedIdentity[] = draft.identities.map((identity) => {
    if (identity.kind !== 'key') return identity;
    const path = keyPath(draft, identity);
    const pem = pems.get(path);
    if (pem === undefined) {
      throw new VerifyError(
        'VERIFY_INVALID_POLICY',
        `${identity.at.path}:${identity.at.line}: key file ${path} was not read`,
        {
          location: identity.at,
        },
      );
    }
    return { kind: 'key', publicKeyPem: pem, name: identity.file };
  });
  return { ...draft, identities };
}

function keyPath(draft: VerifyPolicyDraft, identity: PolicyKeyFile): string {
  if (isAbsolute(identity.file) || draft.file === undefined) return identity.file;
  return join(dirname(draft.file), identity.file);
}
