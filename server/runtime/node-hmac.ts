import { createHmac } from 'node:crypto';
import type { Hmac } from '../abuse/form-ticket.ts';

/** node:crypto's synchronous HMAC-SHA-256: no thread-pool round trip per submission (see form-ticket.ts). */
export const nodeHmac: Hmac = (key, data) => createHmac('sha256', key).update(data).digest('base64url');
