import type { Context } from 'hono';
import { ApiError, incompleteBody } from '../errors.ts';

const JSON_MEDIA_TYPES = new Set(['application/json', 'text/plain']);

/**
 * Reads a JSON body sent as application/json or as text/plain. Browsers send text/plain without
 * a CORS preflight and sendBeacon can only send that, so the widget uses it; @hono/zod-validator
 * would validate such a body as `{}`, hence our own read.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_MEDIA_TYPES.has(mediaType)) {
    throw new ApiError('unsupported_media_type', 'Send the body as JSON with Content-Type application/json or text/plain.');
  }
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw incompleteBody();
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('invalid_json', 'The body is not valid JSON.');
  }
}
