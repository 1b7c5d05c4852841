import type { OutboxFigures } from '../store/store.ts';

/** One answered request, as the request middleware saw it. `route` is the matched pattern, never the path. */
export interface RequestSample {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

/** Why a submission was refused before it was stored (load shedding; a rate limit or a form ticket's budget). */
export type Refusal = 'shed' | 'rate_limited';

/** What one delivery attempt ended as: sent, to be tried again, given up, or not sent (the filter, a deleted item). */
export type DeliveryOutcome = 'delivered' | 'retry' | 'dead' | 'filtered';

/** Figures read from the store when metrics are scraped (not counted in memory: several instances share one database). */
export interface StoreFigures {
  outbox: OutboxFigures;
  databaseBytes: number | null;
}

/**
 * Where the core reports what it counts. The Node runtime records into prom-client
 * (runtime/node-metrics.ts); elsewhere the no-op default: on Workers each isolate would count
 * alone, and Workers' own analytics count requests there.
 */
export interface MetricsRecorder {
  request(sample: RequestSample): void;
  /** A POST /v1/feedback, answered: the ingest latency. */
  ingest(seconds: number, status: number): void;
  refused(reason: Refusal): void;
  deliveryAttempt(channel: string, outcome: DeliveryOutcome): void;
  jobRun(job: string, outcome: 'ok' | 'failed', seconds: number): void;
  /** Digest periods recorded by one run of the digests job (each queues its messages). */
  digestsQueued(count: number): void;
  /** The Prometheus text exposition, with the store's figures as they are now; absent where metrics are not served. */
  exposition?(figures: StoreFigures | null): Promise<{ contentType: string; body: string }>;
}

export const noopMetrics: MetricsRecorder = {
  request() {},
  ingest() {},
  refused() {},
  deliveryAttempt() {},
  jobRun() {},
  digestsQueued() {},
};
