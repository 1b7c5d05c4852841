import { toBase64Url } from '../encoding.ts';
import type { Hmac } from './form-ticket.ts';
import { clientNetworkKey } from './ip-address.ts';

const DAY_MS = 86_400_000;

/** The salt of one UTC day (days since the epoch). */
export type DaySalt = (day: number) => Uint8Array | Promise<Uint8Array>;

/** Random and kept only in this process's memory: the default, for one process. */
const randomDaySalt: DaySalt = () => crypto.getRandomValues(new Uint8Array(32));

/**
 * The same salt on every instance that shares rate-limit counts (several Node boxes on Postgres,
 * Workers isolates on D1), or each would count a client under another id: an HMAC of the day
 * under the database's signing key. The price: someone holding that database could test
 * addresses against the ids in `request_counts`, which are kept up to about two hours (hourly counts).
 */
export function sharedDaySalt(loadKey: () => Promise<Uint8Array>, hmac: Hmac): DaySalt {
  return async (day) => new TextEncoder().encode(await hmac(await loadKey(), `client-id:${day}`));
}

/**
 * A visitor's network address as an opaque id for rate limiting: SHA-256 of the address (an IPv6
 * one cut to its /`ipv6PrefixLength` network, see clientNetworkKey) with a salt that changes every
 * UTC day. With the default salt (never stored), neither we nor anyone holding the database can
 * get back to the address or follow a visitor from one day to the next.
 */
export function createClientHasher(
  now: () => number,
  daySalt: DaySalt = randomDaySalt,
  ipv6PrefixLength = 64,
): (address: string) => Promise<string> {
  let salt: { day: number; bytes: Promise<Uint8Array> } = { day: -1, bytes: Promise.resolve(new Uint8Array()) };
  return async (address) => {
    const day = Math.floor(now() / DAY_MS);
    if (salt.day !== day) salt = { day, bytes: Promise.resolve(daySalt(day)) };
    const input = new Uint8Array([...(await salt.bytes), ...new TextEncoder().encode(clientNetworkKey(address, ipv6PrefixLength))]);
    return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', input))).slice(0, 22);
  };
}
