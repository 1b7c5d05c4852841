import { fromBase64Url, toBase64Url } from '../encoding.ts';

/** The widget keeps undelivered feedback a week; its ticket must outlive that. */
const MAX_AGE_MS = 8 * 86_400_000;
/** Instances' clocks may differ a little. */
const CLOCK_SKEW_MS = 60_000;

export interface FormTickets {
  /** A ticket for a form of this project served now. */
  issue(projectId: string): Promise<string>;
  /** How long ago the ticket was issued, or null if it is not ours, is another project's, or is too old. */
  age(ticket: string, projectId: string): Promise<number | null>;
}

/**
 * Signed proof of when the server handed a project's form to a browser (HMAC-SHA-256 over the
 * project id and the time, with a key kept in the database), so a submission can be timed from
 * it: a bot cannot post faster than a person without waiting, nor forge an older ticket.
 */
export function createFormTickets(loadKey: () => Promise<Uint8Array>, now: () => number): FormTickets {
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= loadKey().then((bytes) =>
      crypto.subtle.importKey('raw', bytes as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']),
    ));
  const signed = (projectId: string, issuedAt: number) => new TextEncoder().encode(`${projectId}.${issuedAt}`);

  return {
    async issue(projectId) {
      const issuedAt = now();
      const mac = await crypto.subtle.sign('HMAC', await hmacKey(), signed(projectId, issuedAt));
      return `${issuedAt.toString(36)}.${toBase64Url(new Uint8Array(mac))}`;
    },

    async age(ticket, projectId) {
      const match = /^([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
      if (!match) return null;
      const issuedAt = parseInt(match[1]!, 36);
      const age = now() - issuedAt;
      if (age < -CLOCK_SKEW_MS || age > MAX_AGE_MS) return null;
      const mac = fromBase64Url(match[2]!) as Uint8Array<ArrayBuffer>;
      // verify() compares in constant time.
      const valid = await crypto.subtle.verify('HMAC', await hmacKey(), mac, signed(projectId, issuedAt));
      return valid ? Math.max(0, age) : null;
    },
  };
}
