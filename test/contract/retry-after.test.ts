import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../contract/retry-after.ts';

describe('Retry-After', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);

  it('reads delay-seconds, surrounding spaces allowed', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
  });

  it('reads an HTTP date as the time left until it, never less than zero', () => {
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
  });

  it('answers undefined for an absent or unreadable header', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
  });
});
