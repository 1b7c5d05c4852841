import { ApiError } from '../errors.ts';
import type { FeedbackInput } from '../schemas/feedback.ts';
import type { Project } from '../store/store.ts';
import type { FormTickets } from './form-ticket.ts';
import { verifyTurnstile, type TurnstileSettings } from './turnstile.ts';

/** Where the widget finds a fresh ticket when its own is missing or spent (exposed to browsers). */
export const TICKET_HEADER = 'Heed-Form-Ticket';

/**
 * A too-early answer: 425 with Retry-After, which the widget retries like a 429 (with the ticket
 * it is handed), so a real visitor's feedback is only delayed, never refused.
 */
function tooEarly(code: 'ticket_required' | 'too_soon', message: string, waitMs: number, ticket?: string): ApiError {
  const headers: Record<string, string> = { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) };
  if (ticket) headers[TICKET_HEADER] = ticket;
  return new ApiError(code, message, { headers });
}

/**
 * The project's checks on the form itself, cheapest first. `discard`: a bot filled the hidden
 * field; it is answered like a success (so it learns nothing) and not stored. `accept` means the
 * ticket, where the project asks for one, is valid and old enough. Throws the refusal otherwise.
 */
export async function checkForm(project: Project, input: FeedbackInput, tickets: FormTickets): Promise<'accept' | 'discard'> {
  if (input.honeypot) return 'discard';

  const minMs = project.antiSpam.minSeconds * 1000;
  if (minMs > 0) {
    const age = input.ticket ? await tickets.age(input.ticket, project.id) : null;
    if (age === null) {
      throw tooEarly(
        'ticket_required',
        'Send the form ticket from this project’s config; here is a fresh one.',
        minMs,
        await tickets.issue(project.id),
      );
    }
    if (age < minMs) throw tooEarly('too_soon', 'Submitted faster than a person fills the form; send it again shortly.', minMs - age);
  }
  return 'accept';
}

/** Turnstile, for projects that ask for it; run last, as it asks Cloudflare. Throws the refusal. */
export async function checkTurnstile(project: Project, input: FeedbackInput, turnstile: TurnstileSettings | undefined): Promise<void> {
  if (project.antiSpam.turnstile) {
    if (!turnstile) {
      throw new ApiError('turnstile_not_configured', 'This project asks for Turnstile, but the server has no Turnstile keys.', {
        headers: { 'Retry-After': '300' },
      });
    }
    if (!input.turnstileToken) throw new ApiError('turnstile_required', 'This project needs a Turnstile token with each submission.');
    const outcome = await verifyTurnstile(turnstile, input.turnstileToken, input.id);
    if (outcome === 'unavailable') {
      throw new ApiError('turnstile_unavailable', 'Turnstile could not be asked; try again shortly.', { headers: { 'Retry-After': '10' } });
    }
    if (outcome === 'failed') throw new ApiError('turnstile_failed', 'The Turnstile check failed or its token has expired.');
  }
}
