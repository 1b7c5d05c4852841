import { toBase64Url } from '../encoding.ts';

const DAY_MS = 86_400_000;

/**
 * A visitor's network address as an opaque id for rate limiting: SHA-256 of the address with a
 * random salt that changes every UTC day and is never stored, so neither we nor anyone holding the
 * database can get back to the address or follow a visitor from one day to the next.
 */
export function createClientHasher(now: () => number): (address: string) => Promise<string> {
  let salt = { day: -1, bytes: new Uint8Array() };
  return async (address) => {
    const day = Math.floor(now() / DAY_MS);
    if (salt.day !== day) salt = { day, bytes: crypto.getRandomValues(new Uint8Array(32)) };
    const input = new Uint8Array([...salt.bytes, ...new TextEncoder().encode(address)]);
    return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', input))).slice(0, 22);
  };
}
