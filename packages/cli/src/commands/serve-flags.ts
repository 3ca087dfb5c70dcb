import type { ServeSettings } from '@trailmark/trailmark/serve';
import type { EvidenceFlags } from './evidence-flags.js';

/** Flags of `trailmark serve` (besides the evidence flags). */
export interface ServeFlags {
  listen?: string;
  config?: string;
  tokenFile?: string;
  hmacSecretFile?: string;
  store?: string;
  escalate: string[];
  webhookSecretFile?: string;
  label: string[];
  maxBody?: number;
  queueSize?: number;
  maxAttempts?: number;
  workers?: number;
  requestTimeoutMs?: number;
  leaseMs?: number;
  shutdownTimeoutMs?: number;
  retainDone?: string;
  status?: boolean;
}

/**
 * The settings the command line gave: only flags that were set, so the environment and the config
 * file fill the rest (repeatable flags count when given at least once).
 */
export function serveSettingsOf(flags: ServeFlags & EvidenceFlags): Partial<ServeSettings> {
  const out: Partial<ServeSettings> = {};
  const set = <K extends keyof ServeSettings>(
    key: K,
    value: ServeSettings[K] | undefined,
  ): void => {
    if (value !== undefined) out[key] = value;
  };
  const list = (values: string[]): string[] | undefined => (values.length > 0 ? values : undefined);
  set('listen', flags.listen);
  set('tokenFile', flags.tokenFile);
  set('hmacSecretFile', flags.hmacSecretFile);
  set('store', flags.store);
  set('escalate', list(flags.escalate));
  set('webhookSecretFile', flags.webhookSecretFile);
  set('labels', list(flags.label));
  set('maxBody', flags.maxBody);
  set('queueSize', flags.queueSize);
  set('maxAttempts', flags.maxAttempts);
  set('workers', flags.workers);
  set('requestTimeoutMs', flags.requestTimeoutMs);
  set('leaseMs', flags.leaseMs);
  set('shutdownTimeoutMs', flags.shutdownTimeoutMs);
  set('retainDone', flags.retainDone);
  set('snapshot', flags.snapshot);
  set('kubeconfig', flags.kubeconfig);
  set('context', flags.context);
  set('bundles', list(flags.bundles));
  set('policy', flags.policy);
  set('keys', list(flags.key));
  set('trustedRoot', flags.trustedRoot);
  return out;
}
