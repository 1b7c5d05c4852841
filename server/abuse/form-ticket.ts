import { toBase64Url } from '../encoding.ts';

/** The widget keeps undelivered feedback a week; its ticket must outlive that. */
const MAX_AGE_MS = 8 * 86_400_000;
/** Instances' clocks may differ a little. */
const CLOCK_SKEW_MS = 60_000;

/** HMAC-SHA-256 of `data` under `key`, as unpadded base64url. */
export type Hmac = (key: Uint8Array, data: string) => string | Promise<string>;

/**
 * With Web Crypto, which every runtime has. On Node each call is a thread-pool round trip
 * (about 40 µs), so the Node entry passes node:crypto's synchronous one (about 2.5 µs) instead:
 * with one per submission it was measured to halve ingest throughput (docs/benchmarks.md).
 */
export function webCryptoHmac(): Hmac {
  // Typed by what importKey returns: Node's types have no global CryptoKey (the server is checked without the DOM's).
  const keys = new Map<Uint8Array, ReturnType<typeof crypto.subtle.importKey>>();
  return async (key, data) => {
    let imported = keys.get(key);
    if (!imported) {
      imported = crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      keys.set(key, imported);
    }
    return toBase64Url(new Uint8Array(await crypto.subtle.sign('HMAC', await imported, new TextEncoder().encode(data))));
  };
}

/** Compares in time independent of where the first difference is. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

export interface FormTickets {
  /** A ticket for a form of this project served now. */
  issue(projectId: string): Promise<string>;
  /** How long ago the ticket was issued, or null if it is not ours, is another project's, or is too old. */
  age(ticket: string, projectId: string): Promise<number | null>;
}

/**
 * Signed proof of when the server handed a project's form to a browser (HMAC-SHA-256 over the
 * project id and the time, with a key kept in the database), so a submission can be timed from
 * it: a bot cannot post faster than a person without waiting, nor forge an older ticket. Its age
 * covers the outbox's week; what it may carry is a visitor's handful an hour, counted by the
 * ingest route per ticket in the shared rate limiter (`rateLimits.perTicketPerHour`).
 */
export function createFormTickets(loadKey: () => Promise<Uint8Array>, now: () => number, hmac: Hmac = webCryptoHmac()): FormTickets {
  let key: Promise<Uint8Array> | undefined;
  const mac = async (projectId: string, issuedAt: number) => hmac(await (key ??= loadKey()), `${projectId}.${issuedAt}`);

  return {
    async issue(projectId) {
      const issuedAt = now();
      return `${issuedAt.toString(36)}.${await mac(projectId, issuedAt)}`;
    },

    async age(ticket, projectId) {
      // One spelling per ticket (no leading zeros), so its uses cannot be spread over several counts.
      const match = /^([1-9a-z][0-9a-z]{0,11})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
      if (!match) return null;
      const issuedAt = parseInt(match[1]!, 36);
      const age = now() - issuedAt;
      if (age < -CLOCK_SKEW_MS || age > MAX_AGE_MS) return null;
      return sameText(match[2]!, await mac(projectId, issuedAt)) ? Math.max(0, age) : null;
    },
  };
}
