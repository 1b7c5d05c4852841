import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryOutcome, MetricsRecorder, Refusal, StoreFigures } from '../observability/metrics.ts';

/** Ingest latency buckets (seconds): a group commit's fsync is a few ms; shedding starts near 100 ms of event-loop delay. */
const INGEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The core's metrics recorded with prom-client in a registry of the server's own (not the global
 * one, so tests can build several), plus Node's process metrics (CPU, memory, event-loop lag,
 * under their usual names). docs/operations.md lists every metric.
 */
export function createNodeMetrics(): MetricsRecorder & { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const requests = new Counter({
    name: 'heed_http_requests_total',
    help: 'HTTP requests answered, by method, matched route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const ingest = new Histogram({
    name: 'heed_ingest_duration_seconds',
    help: 'Time to answer POST /v1/feedback (a 201 includes the commit to disk), by status.',
    labelNames: ['status'] as const,
    buckets: INGEST_BUCKETS,
    registers,
  });
  const refusals = new Counter({
    name: 'heed_ingest_refusals_total',
    help: 'Submissions refused before storing: reason="shed" (load shedding, 503) or "rate_limited" (429).',
    labelNames: ['reason'] as const,
    registers,
  });
  const attempts = new Counter({
    name: 'heed_delivery_attempts_total',
    help: 'Outbox delivery attempts, by channel (destination kind) and outcome (delivered, retry, dead, filtered).',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  });
  const jobRuns = new Counter({
    name: 'heed_job_runs_total',
    help: 'Background job runs (digests, delivery, search indexing, retention, rate-limit cleanup), by outcome.',
    labelNames: ['job', 'outcome'] as const,
    registers,
  });
  const digests = new Counter({
    name: 'heed_digests_queued_total',
    help: 'Digest periods recorded by the digests job; each queues one message per digest destination.',
    registers,
  });
  // Known label values start at 0, so rate() and alerts see a series before the first event.
  for (const reason of ['shed', 'rate_limited'] satisfies Refusal[]) refusals.inc({ reason }, 0);
  digests.inc(0);

  return {
    registry,
    request: ({ method, route, status }) => requests.inc({ method, route, status: String(status) }),
    ingest: (seconds, status) => ingest.observe({ status: String(status) }, seconds),
    refused: (reason) => refusals.inc({ reason }),
    deliveryAttempt: (channel: string, outcome: DeliveryOutcome) => attempts.inc({ channel, outcome }),
    jobRun: (job, outcome) => jobRuns.inc({ job, outcome }),
    digestsQueued: (count) => digests.inc(count),
    async exposition(figures: StoreFigures | null) {
      // The store's figures go in a registry of their own, made at each scrape: one that could not be read is absent, not stale.
      const scraped = new Registry();
      const gauge = (name: string, help: string, value: number | null) => {
        if (value !== null) new Gauge({ name, help, registers: [scraped] }).set(value);
      };
      gauge('heed_database_up', '1 if the database answered this scrape, else 0.', figures ? 1 : 0);
      gauge('heed_outbox_backlog', 'Outbox messages due now and not yet sent.', figures?.outbox.backlog ?? null);
      gauge('heed_outbox_dead_letters', 'Outbox messages given up on, waiting for a replay.', figures?.outbox.dead ?? null);
      gauge(
        'heed_database_size_bytes',
        'The database size (SQLite: its main file; PostgreSQL: the database).',
        figures?.databaseBytes ?? null,
      );
      const merged = Registry.merge([registry, scraped]);
      return { contentType: registry.contentType, body: await merged.metrics() };
    },
  };
}
