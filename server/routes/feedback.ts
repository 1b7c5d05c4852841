import type { Context, MiddlewareHandler } from 'hono';
import type { FormTickets } from '../abuse/form-ticket.ts';
import { HOUR_MS, type RateLimiter } from '../abuse/rate-limiter.ts';
import { checkForm, checkTurnstile, TICKET_HEADER } from '../abuse/spam-checks.ts';
import type { TurnstileSettings } from '../abuse/turnstile.ts';
import { ApiError, invalidInput } from '../errors.ts';
import { readJsonBody } from '../http/read-json.ts';
import { limitBody } from '../middleware/body-limit.ts';
import { isOriginAllowed } from '../projects/origins.ts';
import { findEnabledProject, type ProjectLookup } from '../projects/project-lookup.ts';
import { FeedbackAcceptedSchema, FeedbackInputSchema, type FeedbackInput } from '../schemas/feedback.ts';
import type { FeedbackStore, NewFeedback } from '../store/store.ts';
import { createApiRouter, errorResponses, jsonResponse } from './api-router.ts';

interface FeedbackRouteDeps {
  store: FeedbackStore;
  findProject: ProjectLookup;
  now: () => number;
  bodyLimitBytes: number;
  /** The public URL's origin, when the server sits behind a proxy that changes scheme or host. */
  publicOrigin: string | undefined;
  limits: {
    perClientPerMinute: number;
    perProjectPerMinute: number;
    /** Submissions one form ticket may carry an hour. */
    perTicketPerHour: number;
    /** A client's first submissions each hour, which never draw from the project's budget. */
    unmeteredPerClientPerHour: number;
    limiter: RateLimiter;
    /** The client's hashed address, if the runtime knows the address. */
    clientId: ((c: Context) => Promise<string | undefined>) | undefined;
  };
  spam: { tickets: FormTickets; turnstile: TurnstileSettings | undefined };
  /** Refuses submissions past what the server can take (503 with Retry-After). */
  shed: MiddlewareHandler;
  /** Called once a new submission is stored (not for a replay, nor for one the spam checks discard). */
  onAccepted?: (c: Context) => void;
}

function rateLimited(retryAfterMs: number, who: string, code: 'rate_limited' | 'ticket_exhausted' = 'rate_limited'): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ApiError(code, `Too many submissions ${who}; try again in ${seconds} s.`, { headers: { 'Retry-After': String(seconds) } });
}

/** The body in both media types the route reads (readJsonBody). */
const feedbackBody = { 'application/json': { schema: FeedbackInputSchema }, 'text/plain': { schema: FeedbackInputSchema } };

/** Public ingest: `POST /v1/feedback`, called by the widget from any allowed site. */
export function feedbackRoutes(deps: FeedbackRouteDeps) {
  const { store, findProject, now, bodyLimitBytes, publicOrigin, limits, spam, shed, onAccepted } = deps;
  const app = createApiRouter();
  // Described for /openapi.json, read by hand: zod-openapi's validator would read a text/plain body as `{}`.
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/feedback',
    tags: ['Widget'],
    summary: 'Submit feedback',
    description:
      'Public: the widget calls it from the project’s allowed origins (a request without `Origin` is judged by the key alone). ' +
      'The body is JSON, as `application/json` or as `text/plain`, which needs no CORS preflight and is all `sendBeacon` sends; ' +
      `at most ${bodyLimitBytes} bytes, counted as it streams.`,
    request: { body: { required: true, content: feedbackBody } },
    responses: {
      201: jsonResponse(FeedbackAcceptedSchema, 'Stored, durably, before this answer (one the spam checks discard is answered alike).'),
      200: jsonResponse(FeedbackAcceptedSchema, 'Already stored: a replay of this id; nothing changed.'),
      ...errorResponses(
        'invalid_json',
        'invalid_content_length',
        'invalid_payload',
        'incomplete_body',
        'page_origin_mismatch',
        'origin_not_allowed',
        'turnstile_required',
        'turnstile_failed',
        'project_not_found',
        'payload_too_large',
        'unsupported_media_type',
        'ticket_required',
        'too_soon',
        'rate_limited',
        'ticket_exhausted',
        'internal_error',
        'overloaded',
        'turnstile_unavailable',
        'turnstile_not_configured',
      ),
    },
  });

  // Error bodies only describe the caller's own request, so any origin may read them;
  // the widget can then tell its visitor (and the site owner's console) what went wrong.
  app.use('/feedback', async function exposeErrors(c, next) {
    // Set before the response exists: touching c.res.headers afterwards costs on every request.
    c.header('Vary', 'Origin');
    await next();
    const origin = c.req.header('origin');
    if (origin && c.res.status >= 400) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      // Not CORS-safelisted headers: without this the widget could not honour them on 425/429/503.
      c.res.headers.set('Access-Control-Expose-Headers', `Retry-After, ${TICKET_HEADER}`);
    }
  });

  // The project key travels in the body, so a preflight cannot be judged per project: it is
  // answered for any origin and the POST itself is checked. (The widget sends text/plain and
  // needs no preflight at all.)
  app.options('/feedback', (c) => {
    const origin = c.req.header('origin');
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Allow-Methods', 'POST');
    c.header('Access-Control-Allow-Headers', 'Content-Type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  });

  app.post('/feedback', shed, limitBody(bodyLimitBytes), async (c) => {
    // Before the body is read: a flood from one client costs as little as possible.
    const client = await limits.clientId?.(c);
    const byClient = client ? await limits.limiter.take(`client:${client}`, limits.perClientPerMinute) : { ok: true as const };
    if (!byClient.ok) throw rateLimited(byClient.retryAfterMs, 'from this client');
    const parsed = FeedbackInputSchema.safeParse(await readJsonBody(c));
    if (!parsed.success) throw invalidInput(parsed.error, 'feedback');
    const input = parsed.data;

    const project = await findEnabledProject(findProject, input.project);
    const origin = c.req.header('origin');
    if (origin) {
      const selfOrigins = [new URL(c.req.url).origin, ...(publicOrigin ? [publicOrigin] : [])];
      if (!isOriginAllowed(project, origin, selfOrigins)) {
        throw new ApiError('origin_not_allowed', `This project does not accept feedback from ${origin}.`);
      }
      c.header('Access-Control-Allow-Origin', origin);
      // The widget sends the page it runs on: a browser naming a page elsewhere is a forged link.
      if (new URL(input.page.url).origin !== origin) {
        throw new ApiError('page_origin_mismatch', `A browser on ${origin} can only send feedback about its own pages.`, {
          issues: [{ path: 'page.url', message: `Must be a page on ${origin}.` }],
        });
      }
    }

    if ((await checkForm(project, input, spam.tickets)) === 'discard') return c.json({ id: input.id }, 201);

    // The counts below refuse before the next one draws, so one ticket's or client's excess never
    // spends the project's budget. A replay of a stored submission is never refused by them: the
    // outbox resends what it did not hear back about, and the insert answers it 200.
    const isReplay = async () => (await store.getFeedback(project.id, input.id)) !== null;
    // A valid ticket (checkForm) carries what one visitor plausibly sends, not a script's stream.
    if (input.ticket && project.antiSpam.minSeconds > 0) {
      const byTicket = await limits.limiter.take(`ticket:${input.ticket}`, limits.perTicketPerHour, HOUR_MS);
      if (!byTicket.ok && !(await isReplay())) throw rateLimited(byTicket.retryAfterMs, 'with this form ticket', 'ticket_exhausted');
    }
    // Per project: one busy (or attacked) site cannot use up what the others need. Only what a
    // client sends beyond its first few an hour draws from it, so a flood from a few addresses
    // exhausts the budget for those addresses only, and a visitor who sends a handful is never held back.
    const unmetered = client
      ? await limits.limiter.take(`client-hour:${client}`, limits.unmeteredPerClientPerHour, HOUR_MS)
      : { ok: false };
    if (!unmetered.ok) {
      const byProject = await limits.limiter.take(`project:${project.id}`, limits.perProjectPerMinute);
      if (!byProject.ok && !(await isReplay())) throw rateLimited(byProject.retryAfterMs, 'for this project');
    }

    await checkTurnstile(project, input, spam.turnstile);

    const { inserted } = await store.insertFeedback(toRecord(input, project.id, now()));
    if (inserted) onAccepted?.(c);
    return c.json({ id: input.id }, inserted ? 201 : 200);
  });

  return app;
}

function toRecord(input: FeedbackInput, projectId: string, createdAt: number): NewFeedback {
  return {
    id: input.id,
    projectId,
    createdAt,
    rating: input.rating ?? null,
    comment: input.comment ?? null,
    followUp: input.followUp ?? null,
    category: input.category ?? null,
    email: input.email ?? null,
    page: { url: input.page.url, referrer: input.page.referrer ?? null, title: input.page.title ?? null },
    context: {
      locale: input.context.locale,
      viewport: input.context.viewport,
      userAgent: input.context.userAgent ?? null,
    },
    metadata: input.metadata ?? null,
  };
}
