/** The operator's Cloudflare Turnstile widget; projects opt in with `antiSpam.turnstile`. */
export interface TurnstileSettings {
  siteKey: string;
  secretKey: string;
  /** Cloudflare's siteverify endpoint unless set (tests point it at a local fake). */
  verifyUrl: string;
}

export const TURNSTILE_VERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/**
 * Asks Turnstile whether the visitor's token is good. The submission id is the idempotency key,
 * so a retried submission may present its (already used) token again and still pass; a token
 * reused for another submission does not. No visitor address is sent.
 */
export async function verifyTurnstile(
  settings: TurnstileSettings,
  token: string,
  submissionId: string,
): Promise<'passed' | 'failed' | 'unavailable'> {
  try {
    const response = await fetch(settings.verifyUrl, {
      method: 'POST',
      body: new URLSearchParams({ secret: settings.secretKey, response: token, idempotency_key: submissionId }),
      redirect: 'error',
      signal: AbortSignal.timeout(5000),
    });
    if (!response.ok) return 'unavailable';
    const outcome = (await response.json()) as { success?: unknown };
    return outcome.success === true ? 'passed' : 'failed';
  } catch {
    return 'unavailable';
  }
}
