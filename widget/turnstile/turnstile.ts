import type { StartTurnstile } from '../panel-contract.ts';

/** The part of Cloudflare's Turnstile API the form uses. */
interface TurnstileApi {
  render(container: HTMLElement, options: Record<string, unknown>): string;
  reset(widgetId: string): void;
}

const SCRIPT = 'https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit';
/** How long a submission waits for the challenge to finish before going without a token. */
const TOKEN_WAIT_MS = 10_000;

/**
 * Cloudflare Turnstile in `container`, for projects that ask for it; its script loads only then.
 * Returns a function that gives the current token (waiting for the challenge a little) and starts
 * the next challenge, since each token is good for one submission.
 */
export const startTurnstile: StartTurnstile = (siteKey, container) => {
  let token: string | undefined;
  let widgetId: string | undefined;
  let solved = () => {};
  let next = new Promise<void>((resolve) => (solved = resolve));
  const script = document.createElement('script');
  script.src = SCRIPT;
  script.async = true;
  script.onload = () => {
    const api = (window as { turnstile?: TurnstileApi }).turnstile;
    widgetId = api?.render(container, {
      sitekey: siteKey,
      callback: (value: string) => {
        token = value;
        solved();
      },
      'expired-callback': () => (token = undefined),
    });
  };
  document.head.append(script);

  return async () => {
    await Promise.race([next, new Promise((resolve) => setTimeout(resolve, TOKEN_WAIT_MS))]);
    const spent = token;
    token = undefined;
    next = new Promise<void>((resolve) => (solved = resolve));
    if (widgetId !== undefined) (window as { turnstile?: TurnstileApi }).turnstile?.reset(widgetId);
    return spent;
  };
};
