import { z } from 'zod';
import type { AppSettings } from '../app.ts';
import { TURNSTILE_VERIFY_URL } from '../abuse/turnstile.ts';
import { createLlmSummariser } from '../digest/llm-summary.ts';
import { LOG_LEVELS } from '../observability/logger.ts';

export const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** A readiness limit: a count, or `off` (never checked). */
const readinessLimit = z
  .union([z.literal('off'), z.coerce.number().int().min(0)], { error: 'A whole number of messages, or off.' })
  .transform((value) => (value === 'off' ? Infinity : value));

/** Settings every runtime reads from its environment (Node: process.env; Workers: vars and secrets). */
export const SHARED_ENV = {
  /** The least severe log lines written: trace, debug, info, warn, error, fatal or silent. Request lines are info; probes' debug. */
  HEED_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** GET /readyz answers 503 past this many outbox messages due at once (`off`: unchecked). */
  HEED_READY_MAX_OUTBOX_BACKLOG: readinessLimit.default(1000),
  /** … or past this many dead messages waiting for a replay (`off`: unchecked). */
  HEED_READY_MAX_DEAD_LETTERS: readinessLimit.default(1000),
  HEED_DEMO: flag.default(true),
  HEED_PUBLIC_URL: z.url().optional(),
  HEED_RATE_LIMIT_CLIENT: z.coerce.number().int().min(1).default(30),
  HEED_RATE_LIMIT_PROJECT: z.coerce.number().int().min(1).default(1200),
  /** An IPv6 client is rate-limited by its network of this many bits: a subscriber gets a /64 (or more) and may use any address in it. */
  HEED_IPV6_PREFIX: z.coerce
    .number()
    .int()
    .min(32, { error: 'A prefix length from 32 to 128 (64: one subscriber’s network; 128: each address alone).' })
    .max(128, { error: 'A prefix length from 32 to 128 (64: one subscriber’s network; 128: each address alone).' })
    .default(64),
  /** An OpenAI-compatible endpoint that writes a short summary into each digest (optional; the digest goes out without it when it fails). */
  HEED_LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HEED_LLM_MODEL: z.string().min(1).optional(),
  HEED_LLM_API_KEY: z.string().min(1).optional(),
  /** Cloudflare Turnstile, for projects that turn it on: both keys, or neither. */
  HEED_TURNSTILE_SITE_KEY: z.string().min(1).optional(),
  HEED_TURNSTILE_SECRET_KEY: z.string().min(1).optional(),
  HEED_TURNSTILE_VERIFY_URL: z.url({ protocol: /^https?$/ }).default(TURNSTILE_VERIFY_URL),
};

type SharedEnv = z.infer<z.ZodObject<typeof SHARED_ENV>>;

/** The checks across variables, for a schema built on SHARED_ENV. */
export function withSharedChecks<S extends z.ZodType<SharedEnv>>(schema: S) {
  return schema
    .refine((env) => !env.HEED_TURNSTILE_SITE_KEY === !env.HEED_TURNSTILE_SECRET_KEY, {
      error: 'Set both HEED_TURNSTILE_SITE_KEY and HEED_TURNSTILE_SECRET_KEY, or neither.',
      path: ['HEED_TURNSTILE_SECRET_KEY'],
    })
    .refine((env) => !env.HEED_LLM_BASE_URL === !env.HEED_LLM_MODEL && !env.HEED_LLM_BASE_URL === !env.HEED_LLM_API_KEY, {
      error: 'Set HEED_LLM_BASE_URL, HEED_LLM_MODEL and HEED_LLM_API_KEY together, or none of them.',
      path: ['HEED_LLM_BASE_URL'],
    });
}

/** Parses an environment, naming every bad variable in one error. */
export function parseEnv<S extends z.ZodType>(schema: S, env: unknown): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The app's settings from the shared variables. */
export function appConfigFromEnv(env: SharedEnv): AppSettings {
  return {
    ...(env.HEED_PUBLIC_URL ? { publicOrigin: new URL(env.HEED_PUBLIC_URL).origin } : {}),
    rateLimits: { perClientPerMinute: env.HEED_RATE_LIMIT_CLIENT, perProjectPerMinute: env.HEED_RATE_LIMIT_PROJECT },
    clientIpv6PrefixLength: env.HEED_IPV6_PREFIX,
    readiness: { maxOutboxBacklog: env.HEED_READY_MAX_OUTBOX_BACKLOG, maxDeadLetters: env.HEED_READY_MAX_DEAD_LETTERS },
    ...(env.HEED_TURNSTILE_SITE_KEY && env.HEED_TURNSTILE_SECRET_KEY
      ? {
          turnstile: {
            siteKey: env.HEED_TURNSTILE_SITE_KEY,
            secretKey: env.HEED_TURNSTILE_SECRET_KEY,
            verifyUrl: env.HEED_TURNSTILE_VERIFY_URL,
          },
        }
      : {}),
  };
}

/** The digest summariser, when a language model is configured. */
export function summariserFromEnv(env: SharedEnv) {
  return env.HEED_LLM_BASE_URL && env.HEED_LLM_MODEL && env.HEED_LLM_API_KEY
    ? createLlmSummariser({ baseUrl: env.HEED_LLM_BASE_URL, model: env.HEED_LLM_MODEL, apiKey: env.HEED_LLM_API_KEY })
    : undefined;
}
