import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

/** The Node server's settings, read once from the environment. */
export const NodeConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  HEED_DB: z.string().min(1).default('./data/heed.db'),
  HEED_DEMO: flag.default(true),
  HEED_PUBLIC_URL: z.url().optional(),
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry (the one the proxy added). */
  HEED_TRUST_PROXY: flag.default(false),
  HEED_RATE_LIMIT_CLIENT: z.coerce.number().int().min(1).default(30),
  HEED_RATE_LIMIT_PROJECT: z.coerce.number().int().min(1).default(1200),
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
