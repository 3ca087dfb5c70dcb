import { globToRegExp } from '@trailmark/core';
import type { Finding, WorkloadReport } from '@trailmark/core';
import { finding } from './finding.js';
import { displayKey } from './inventory.js';
import type { PolicyException, VerifyPolicy } from './policy-types.js';

/** The policy compiled once per run: namespace scope, failing codes, exception matchers. */
export class CompiledPolicy {
  readonly #include: RegExp[];
  readonly #exclude: RegExp[];
  readonly #failOn: ReadonlySet<string>;
  readonly #exceptions: { exception: PolicyException; workload: RegExp }[];

  constructor(
    readonly policy: VerifyPolicy,
    private readonly now: Date,
  ) {
    this.#include = policy.namespaces.include.map((glob) => globToRegExp(glob));
    this.#exclude = policy.namespaces.exclude.map((glob) => globToRegExp(glob));
    this.#failOn = new Set(policy.failOn);
    this.#exceptions = policy.exceptions.map((exception) => ({
      exception,
      workload: globToRegExp(exception.workload),
    }));
  }

  /** True when a namespace is in scope (cluster-scoped objects, `''`, follow the same globs). */
  inScope(namespace: string | undefined): boolean {
    const name = namespace ?? '';
    if (this.#exclude.some((glob) => glob.test(name))) return false;
    return this.#include.length === 0 || this.#include.some((glob) => glob.test(name));
  }

  /**
   * Sets `fails` on each finding (its code is in `failOn` and no live exception covers it), marks
   * the findings an exception covers, and adds EXCEPTION_EXPIRED for each expired exception that
   * matched (the finding it covered keeps failing).
   */
  apply(workload: WorkloadReport): void {
    const key = displayKey(workload);
    const expired = new Set<PolicyException>();
    for (const item of workload.findings) {
      item.fails = this.#failOn.has(item.code);
      const match = this.#exceptions.find(
        ({ exception, workload: glob }) => exception.code === item.code && glob.test(key),
      );
      if (match === undefined) continue;
      const { exception } = match;
      const isExpired = this.#isExpired(exception.expires);
      item.exception = {
        owner: exception.owner,
        reason: exception.reason,
        expires: exception.expires,
        expired: isExpired,
      };
      if (isExpired) expired.add(exception);
      else item.fails = false;
    }
    for (const exception of expired) workload.findings.push(this.#expiredFinding(key, exception));
  }

  // An exception holds through its expiry day (UTC).
  #isExpired(expires: string): boolean {
    return this.now.getTime() >= Date.parse(`${expires}T00:00:00Z`) + 86_400_000;
  }

  #expiredFinding(key: string, exception: PolicyException): Finding {
    const at = exception.at === undefined ? '' : ` (${exception.at.path}:${exception.at.line})`;
    const found = finding(
      'EXCEPTION_EXPIRED',
      `${key}: the exception for ${exception.code} owned by ${exception.owner} expired on ${exception.expires}${at}: ${exception.reason}`,
      {
        ...(exception.at === undefined ? {} : { source: exception.at }),
        details: { owner: exception.owner, expires: exception.expires, code: exception.code },
      },
    );
    return { ...found, fails: this.#failOn.has('EXCEPTION_EXPIRED') };
  }
}
