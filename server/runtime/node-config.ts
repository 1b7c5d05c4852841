import { z } from 'zod';
import { flag, parseEnv, SHARED_ENV, withSharedChecks } from './env-config.ts';
import { TrustProxySchema } from './node-client-address.ts';

/** The Node server's settings, read once from the environment. */
export const NodeConfigSchema = withSharedChecks(
  z.object({
    ...SHARED_ENV,
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    HOST: z.string().min(1).default('0.0.0.0'),
    HEED_DB: z.string().min(1).default('./data/heed.db'),
    /** PostgreSQL (`postgres://user:pass@host:5432/db`) instead of the SQLite file, so several instances can share one database. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'A postgres:// or postgresql:// URL.' }).optional(),
    /** Behind reverse proxies: how many there are, or their addresses; X-Forwarded-For is read only that far (docs/deploy-node.md). */
    HEED_TRUST_PROXY: TrustProxySchema.default({ kind: 'none' }),
    /** Let destinations on private, loopback or link-local addresses receive notifications (an intranet's chat, say). */
    HEED_ALLOW_PRIVATE_DESTINATIONS: flag.default(false),
    /** SMTP for email destinations: `smtp://user:pass@host:587` or `smtps://…:465`. Without it, email destinations cannot be added. */
    HEED_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'An smtp:// or smtps:// URL.' }).optional(),
    HEED_SMTP_FROM: z.string().min(3).default('Heed <heed@localhost>'),
    /** Load shedding: submissions handled at once, and the event-loop delay (ms) past which new ones are refused with 503. */
    HEED_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(256),
    HEED_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(1).default(100),
    /** Open connections at most (each holds memory); past it new ones are closed at once and clients retry. */
    HEED_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(1024),
    /**
     * A request (head and body) must arrive within this, its head within the second; else 408 and
     * the connection closes, so a slow sender cannot hold a connection. The widget gives up after
     * 15 s itself; 30 s lets its largest body (32 KiB) arrive at 9 kbit/s (slow 3G uploads at
     * about 400), and a head (16 KiB at most, about 1 KiB from the widget) at 13 kbit/s.
     */
    HEED_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(30_000),
    HEED_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).default(10_000),
    /** `json`: one JSON object a line (for log collectors); `pretty`: coloured lines for a person. Unset: pretty on a terminal, else json. */
    HEED_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
    /** Serves Prometheus metrics at GET /metrics to scrapers presenting it as a bearer token; unset, /metrics is not served. */
    HEED_METRICS_TOKEN: z
      .string()
      .regex(/^\S{16,}$/, { error: 'At least 16 characters and no spaces (e.g. `openssl rand -hex 32`).' })
      .optional(),
    /** Seconds a SIGTERM (or SIGINT) waits for requests under way, the current commit and job runs before closing the database. */
    HEED_SHUTDOWN_TIMEOUT: z.coerce.number().positive().max(600).default(10),
  }),
).refine((env) => env.HEED_HEADERS_TIMEOUT_MS <= env.HEED_REQUEST_TIMEOUT_MS, {
  error: 'HEED_HEADERS_TIMEOUT_MS cannot be longer than HEED_REQUEST_TIMEOUT_MS (the head is part of the request).',
  path: ['HEED_HEADERS_TIMEOUT_MS'],
});
export type NodeConfig = z.infer<typeof NodeConfigSchema>;

export function readNodeConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  return parseEnv(NodeConfigSchema, env);
}
