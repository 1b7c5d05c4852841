/**
 * `Retry-After` (RFC 9110 §10.2.3) as delay-seconds or an HTTP date, in ms from `now`; undefined if
 * absent or unreadable. The widget's outbox and the server's delivery worker both honour it.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
