import { DEFAULT_DEPLOYERS } from './drift.js';
import type { VerifyPolicy } from './policy-types.js';

/**
 * The policy without a policy file: risky workloads must be fully attributed and an expired
 * exception fails; everything else is reported. No trusted identities (the facade adds those of
 * its flags), every namespace, the default deployers.
 */
export function defaultPolicy(): VerifyPolicy {
  return {
    identities: [],
    requiredPredicates: [],
    builders: [],
    repositories: [],
    namespaces: { include: [], exclude: [] },
    deployers: [...DEFAULT_DEPLOYERS],
    failOn: ['RISKY_UNATTRIBUTED', 'EXCEPTION_EXPIRED'],
    exceptions: [],
  };
}
