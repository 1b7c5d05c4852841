/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids made close in time sort
 * close together, so the server's (project, id) index grows at its end instead of touching a
 * random page per insert (measured: commits of 15 rows wrote 44 KB of WAL instead of 122 KB).
 * getRandomValues works on plain http pages too, unlike crypto.randomUUID.
 */
export function createUuid(now = Date.now()): string {
  const random = Array.from(crypto.getRandomValues(new Uint8Array(10)), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const hex = now.toString(16).padStart(12, '0') + random;
  // The version nibble (7) and the variant's two bits (10) replace random ones.
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}
