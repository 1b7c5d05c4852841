import { z } from 'zod';
import { TURNSTILE_VERIFY_URL } from '../abuse/turnstile.ts';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** The Node server's settings, read once from the environment. */
export const NodeConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  HEED_DB: z.string().min(1).default('./data/heed.db'),
  /** PostgreSQL (`postgres://user:pass@host:5432/db`) instead of the SQLite file, so several instances can share one database. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'A postgres:// or postgresql:// URL.' }).optional(),
  HEED_DEMO: flag.default(true),
  HEED_PUBLIC_URL: z.url().optional(),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry (the one the proxy added). */
  HEED_TRUST_PROXY: flag.default(false),
  HEED_RATE_LIMIT_CLIENT: z.coerce.number().int().min(1).default(30),
  HEED_RATE_LIMIT_PROJECT: z.coerce.number().int().min(1).default(1200),
  /** Let destinations on private, loopback or link-local addresses receive notifications (an intranet's chat, say). */
  HEED_ALLOW_PRIVATE_DESTINATIONS: flag.default(false),
  /** SMTP for email destinations: `smtp://user:pass@host:587` or `smtps://…:465`. Without it, email destinations cannot be added. */
  HEED_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'An smtp:// or smtps:// URL.' }).optional(),
  HEED_SMTP_FROM: z.string().min(3).default('Heed <heed@localhost>'),
  /** An OpenAI-compatible endpoint that writes a short summary into each digest (optional; the digest goes out without it when it fails). */
  HEED_LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  HEED_LLM_MODEL: z.string().min(1).optional(),
  HEED_LLM_API_KEY: z.string().min(1).optional(),
  /** Cloudflare Turnstile, for projects that turn it on: both keys, or neither. */
  HEED_TURNSTILE_SITE_KEY: z.string().min(1).optional(),
  HEED_TURNSTILE_SECRET_KEY: z.string().min(1).optional(),
  HEED_TURNSTILE_VERIFY_URL: z.url({ protocol: /^https?$/ }).default(TURNSTILE_VERIFY_URL),
})
  .refine((env) => !env.HEED_TURNSTILE_SITE_KEY === !env.HEED_TURNSTILE_SECRET_KEY, {
    error: 'Set both HEED_TURNSTILE_SITE_KEY and HEED_TURNSTILE_SECRET_KEY, or neither.',
    path: ['HEED_TURNSTILE_SECRET_KEY'],
  })
  .refine((env) => !env.HEED_LLM_BASE_URL === !env.HEED_LLM_MODEL && !env.HEED_LLM_BASE_URL === !env.HEED_LLM_API_KEY, {
    error: 'Set HEED_LLM_BASE_URL, HEED_LLM_MODEL and HEED_LLM_API_KEY together, or none of them.',
    path: ['HEED_LLM_BASE_URL'],
  });
export type NodeConfig = z.infer<typeof NodeConfigSchema>;

export function readNodeConfig(env: NodeJS.ProcessEnv = process.env): NodeConfig {
  const parsed = NodeConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
