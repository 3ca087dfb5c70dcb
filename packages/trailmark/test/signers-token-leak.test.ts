import { afterEach, describe, expect, it, vi } from 'vitest';
import { signStatement } from '@trailmark/attest';
import type { Statement } from '@trailmark/core';
import { DSSEBundleBuilder, FulcioSigner } from '@sigstore/sign';
import {
  startTestSigstore,
  type TestService,
  type TestSigstore,
  type TestSigstoreOptions,
} from '@trailmark/testing';
import { createKeylessBundler } from '../src/signers.js';
import { resolveIdentityToken } from '../src/oidc.js';

// A token nobody could mistake: the canary claim makes its payload part unique to this test.
const CANARY = 'trailmark-token-canary-5f0c1d';

const STATEMENT: Statement = {
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'app', digest: { sha256: 'c'.repeat(64) } }],
  predicateType: 'https://cyclonedx.org/bom',
  predicate: {},
};

const running: TestSigstore[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((sigstore) => sigstore.close()));
});

/** Everything a run could leak through: stdout, stderr, console, proc-log events, errors. */
async function observe(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const record = (...args: unknown[]): void =>
    void seen.push(args.map((arg) => (typeof arg === 'string' ? arg : inspectAll(arg))).join(' '));
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(
      (chunk: string | Uint8Array, ...rest: unknown[]) => {
        record(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(
          chunk,
          ...rest,
        );
      },
    );
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const)
    vi.spyOn(console, method).mockImplementation(record);
  process.on('log', record); // proc-log, which sigstore-js's HTTP client logs through
  try {
    await run();
  } catch (error) {
    seen.push(...errorChain(error));
  } finally {
    process.off('log', record);
  }
  return seen;
}

// Message, stack and every own string property of each error in the cause chain.
function errorChain(error: unknown): string[] {
  const out: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 20; depth++) {
    out.push(inspectAll(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

function inspectAll(value: unknown): string {
  if (!(value instanceof Error)) return typeof value === 'string' ? value : JSON.stringify(value);
  const props = Object.getOwnPropertyNames(value).map((name) =>
    String((value as unknown as Record<string, unknown>)[name]),
  );
  return [value.name, value.message, value.stack ?? '', ...props].join('\n');
}

function secretsOf(sigstore: TestSigstore, token: string): string[] {
  const payload = token.split('.')[1] ?? '';
  return [token, payload, payload.slice(0, 24), sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN];
}

type Case = { down?: TestService[]; claims?: Record<string, string>; fails: RegExp | null };

const CASES: Record<string, Case> = {
  'a successful run': { fails: null },
  'Fulcio down': { down: ['fulcio'], fails: /error creating signing certificate - \(503\)/ },
  'Rekor down': { down: ['rekor'], fails: /error creating tlog entry - \(503\)/ },
  // sigstore-js itself says "invalid identity token: <the token>" when the token has no subject.
  'a token without a subject': {
    claims: { sub: '' },
    fails: /invalid identity token: \[REDACTED\]/,
  },
};

async function start(options: TestSigstoreOptions): Promise<TestSigstore> {
  const sigstore = await startTestSigstore(options);
  running.push(sigstore);
  return sigstore;
}

describe('the identity token never leaks', () => {
  it.each(Object.entries(CASES))('%s', async (_name, { down, claims, fails }) => {
    const sigstore = await start({ down, claims: { ...claims, jti: CANARY } });
    let token = '';
    let failure: unknown;
    const seen = await observe(async () => {
      token = await resolveIdentityToken({ env: sigstore.actionsEnv });
      const bundler = createKeylessBundler({
        identityToken: token,
        fulcioURL: sigstore.fulcioURL,
        rekorURL: sigstore.rekorURL,
        retry: 0,
      });
      await signStatement(STATEMENT, bundler).catch((error: unknown) => {
        failure = error;
        throw error;
      });
    });
    expect(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).toContain(CANARY); // the canary travelled
    if (fails === null) expect(failure).toBeUndefined();
    else expect((failure as Error | undefined)?.message).toMatch(fails);
    for (const secret of secretsOf(sigstore, token)) {
      for (const text of seen) expect(text).not.toContain(secret);
    }
  });

  it('control: unwrapped, sigstore-js does put the token in its error', async () => {
    const sigstore = await start({ claims: { sub: '', jti: CANARY } });
    const token = await resolveIdentityToken({ env: sigstore.actionsEnv });
    const signer = new FulcioSigner({
      identityProvider: { getToken: () => Promise.resolve(token) },
      fulcioBaseURL: sigstore.fulcioURL,
      retry: 0,
    });
    const raw = await new DSSEBundleBuilder({ signer, witnesses: [] })
      .create({ data: Buffer.from('{}'), type: 'application/vnd.in-toto+json' })
      .catch((error: unknown) => error);
    expect(errorChain(raw).join('\n')).toContain(token);
  });

  it('the OIDC endpoint failing: the request token stays out of errors', async () => {
    const sigstore = await start({ down: ['oidc'] });
    const seen = await observe(() =>
      resolveIdentityToken({ env: sigstore.actionsEnv, attempts: 2, retryDelayMs: 1 }),
    );
    expect(seen.join('\n')).toContain('answered 503');
    for (const text of seen)
      expect(text).not.toContain(sigstore.actionsEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
  });
});
