import { toBase64Url } from '../encoding.ts';
import type { AdminToken, TokenStore, TokenScope } from '../store/store.ts';

/**
 * Admin tokens look like `heed_<id>_<secret>`. The id finds the row; only a SHA-256 of the
 * secret is stored (the secret is 256 random bits, so a slow hash would add nothing).
 */
const TOKEN_PATTERN = /^heed_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const SCOPE_RANK: Record<TokenScope, number> = { read: 1, write: 2, admin: 3 };

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

/** Creates and stores a token; the returned plain text is the only time it is ever seen. */
export async function issueAdminToken(
  store: TokenStore,
  options: { scope: TokenScope; label?: string; now: number },
): Promise<{ token: string; id: string }> {
  const id = toHex(randomBytes(8));
  const secret = toBase64Url(randomBytes(32));
  await store.createAdminToken({
    id,
    secretHash: await sha256Hex(secret),
    scope: options.scope,
    label: options.label ?? null,
    createdAt: options.now,
    revokedAt: null,
  });
  return { token: `heed_${id}_${secret}`, id };
}

/**
 * Constant-time comparison of two hex SHA-256 digests (always 64 characters). Hono's
 * timingSafeEqual hashes both sides again to hide their lengths, which these do not have to:
 * measured, that was two thirds of the hashing on every admin request.
 */
function digestsEqual(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i % b.length);
  return difference === 0;
}

/** The token's record if the presented text is a live token with at least `scope`, else null. */
export async function verifyAdminToken(store: TokenStore, presented: string, scope: TokenScope): Promise<AdminToken | null> {
  const match = TOKEN_PATTERN.exec(presented);
  const record = match ? await store.getAdminToken(match[1]!) : null;
  // Hash and compare even when the id is unknown, so timing does not tell which ids exist.
  const presentedHash = await sha256Hex(match?.[2] ?? presented);
  const equal = digestsEqual(presentedHash, record?.secretHash ?? '0'.repeat(64));
  if (!record || !equal || record.revokedAt !== null) return null;
  return SCOPE_RANK[record.scope] >= SCOPE_RANK[scope] ? record : null;
}
