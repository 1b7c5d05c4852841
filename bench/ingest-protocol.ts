/** Shared by bench/ingest.ts and its child bench/ingest-server.ts; kept apart so importing it starts no server. */
export type ServerMode = 'bare' | 'real';
export const BENCH_PROJECT_KEY = 'bench';

export type ParentMessage = { type: 'stats' } | { type: 'shutdown' };

/** Cumulative counters; the parent takes differences around the measured run. */
export interface ServerStats {
  cpuMicros: number;
  eluActiveMs: number;
  eluIdleMs: number;
  /** Responses by status, counted where they leave the app (before the socket). */
  statuses: Record<string, number>;
}

export type ChildMessage = { type: 'ready'; port: number } | ({ type: 'stats' } & ServerStats) | ({ type: 'closed' } & ServerStats);
