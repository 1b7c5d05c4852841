import { z } from 'zod';
import { humanText } from './text.ts';

export const TokenScopeSchema = z.enum(['read', 'write', 'admin'], { error: 'scope is one of read, write, admin.' });

/** `POST /v1/tokens`. */
export const NewTokenSchema = z
  .object({
    scope: TokenScopeSchema,
    label: humanText().trim().min(1).max(100).optional(),
  })
  .strict();

/** A token as listed: never its secret, which exists only in the answer that created it. */
export const TokenSchema = z.object({
  id: z.string(),
  scope: TokenScopeSchema,
  label: z.string().nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

export const IssuedTokenSchema = TokenSchema.extend({
  /** The bearer token itself: shown once, stored only as a hash. */
  token: z.string(),
});

export const TokenIdParamSchema = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, { error: 'A token id is 16 hex digits.' }) });
