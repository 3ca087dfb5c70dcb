import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Why a request was refused (the `reason` label). */
export type RejectReason =
  | 'unauthorized'
  | 'bad_signature'
  | 'malformed'
  | 'too_large'
  | 'unsupported'
  | 'queue_full'
  | 'not_ready'
  | 'timeout'
  | 'store_error';

/** serve's metrics, on a registry of its own (one per server, so tests can run several). */
export interface ServeMetrics {
  registry: Registry;
  received: Counter;
  accepted: Counter;
  duplicates: Counter;
  rejected: Counter<'reason'>;
  escalated: Counter<'target' | 'outcome'>;
  retries: Counter;
  deadLetters: Counter;
  latency: Histogram<'route' | 'status'>;
}

/** Options of {@link createServeMetrics}: where the queue depth is read at scrape time. */
export interface MetricsSources {
  /** Alerts in the outbox not yet escalated (pending + in flight), plus those waiting in memory. */
  queueDepth: () => Promise<number>;
  deadLettered: () => Promise<number>;
}

/** Creates the registry: `trailmark_serve_*` plus Node's default process metrics. */
export function createServeMetrics(sources: MetricsSources): ServeMetrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = <L extends string = never>(name: string, help: string, labels: L[] = []) =>
    new Counter<L>({ name: `trailmark_serve_${name}`, help, labelNames: labels, registers });
  new Gauge({
    name: 'trailmark_serve_queue_depth',
    help: 'Alerts accepted and not yet escalated: the outbox (pending and in flight) plus the commit queue',
    registers,
    async collect() {
      this.set(await sources.queueDepth());
    },
  });
  new Gauge({
    name: 'trailmark_serve_dead_letters',
    help: 'Jobs in the outbox that were given up on after the last attempt',
    registers,
    async collect() {
      this.set(await sources.deadLettered());
    },
  });
  return {
    registry,
    received: counter('alerts_received_total', 'Alerts in requests that passed authentication'),
    accepted: counter('alerts_accepted_total', 'Alerts committed to the outbox as new jobs'),
    duplicates: counter('alerts_duplicate_total', 'Alerts already in the outbox (a sender retry)'),
    rejected: counter('requests_rejected_total', 'Requests refused, by reason', ['reason']),
    escalated: counter('escalations_total', 'Escalation attempts by target and outcome', [
      'target',
      'outcome',
    ]),
    retries: counter('escalation_retries_total', 'Jobs scheduled for another attempt'),
    deadLetters: counter('escalation_dead_letters_total', 'Jobs dead-lettered by this process'),
    latency: new Histogram({
      name: 'trailmark_serve_request_duration_seconds',
      help: 'Time from request to response, by route and status',
      labelNames: ['route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    }),
  };
}
