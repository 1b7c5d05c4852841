import { z } from 'zod';
import type { Destination, OutboxMessage } from '../store/forwarding.ts';
import { exact, exactText, humanText } from './text.ts';

const Rating = (name: string) => z.int({ error: `${name} is a whole number.` }).min(0).max(10);

/** Which feedback sends an instant notification; every field given must hold. */
export const NotificationFilterSchema = z
  .object({
    ratingAtMost: Rating('ratingAtMost').optional(),
    ratingAtLeast: Rating('ratingAtLeast').optional(),
    hasComment: z.boolean().optional(),
    category: humanText().trim().min(1).max(40).optional(),
    /** Page URL glob: `*` matches anything. */
    page: exactText().min(1).max(2048).optional(),
  })
  .strict();

const EventsSchema = z
  .array(z.enum(['feedback.created', 'digest'], { error: 'Events are feedback.created and digest.' }))
  .min(1, { error: 'Choose at least one event.' })
  .max(2)
  .transform((events) => [...new Set(events)]);

/**
 * Where it is sent: http(s) only (the delivery refuses private addresses when it connects). No
 * `user:password@`: fetch refuses to send such a URL, and its error would copy the password into
 * the delivery history.
 */
const DestinationUrlSchema = exact(
  z
    .url({ protocol: /^https?$/, error: 'Must be an absolute http(s) URL.' })
    .max(2048)
    .refine((url) => !URL.canParse(url) || !hasCredentials(new URL(url)), {
      error: 'Must not contain a user name or password (user:password@): put the receiver’s token in the path or query.',
    }),
);

const EmailSchema = z.email({ error: 'Must be an email address.' }).max(254);
const NameSchema = humanText().trim().min(1, { error: 'A destination needs a name.' }).max(80);
const common = { name: NameSchema, events: EventsSchema.default(['feedback.created']), filter: NotificationFilterSchema.default({}) };

/** `POST /v1/projects/:key/destinations`: a URL for Slack, Discord and webhooks, an address for email. */
export const NewDestinationSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.enum(['slack', 'discord', 'webhook']), url: DestinationUrlSchema, ...common }).strict(),
    z.object({ kind: z.literal('email'), to: EmailSchema, ...common }).strict(),
  ],
  { error: 'kind is slack, discord, webhook or email.' },
);

/** `PATCH /v1/projects/:key/destinations/:id` (`url` for Slack, Discord and webhooks, `to` for email). */
export const DestinationChangesSchema = z
  .object({ name: NameSchema, url: DestinationUrlSchema, to: EmailSchema, events: EventsSchema, filter: NotificationFilterSchema, enabled: z.boolean() })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { error: 'Send at least one field to change.' });

export const DestinationParamSchema = z.object({ key: exactText().min(1).max(100), id: exactText().min(1).max(64) });
export const MessageParamSchema = DestinationParamSchema.extend({ messageId: exactText().min(1).max(64) });
export const ListMessagesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const DestinationSchema = z.object({
  id: z.string(),
  kind: z.enum(['slack', 'discord', 'webhook', 'email']),
  name: z.string(),
  /**
   * Where it is sent. To a token that can edit destinations (admin): as given, but Slack and
   * Discord URLs without their last path segment (their secret). To any other: scheme and host only
   * (`https://hooks.example.com/…`), as a path, query or user name may hold a credential.
   */
  url: z.string().optional(),
  /** An email destination's address. */
  to: z.string().optional(),
  events: z.array(z.string()),
  filter: NotificationFilterSchema,
  enabled: z.boolean(),
  /** Why the server turned it off (the receiver answered 410 Gone), if it did. */
  disabledReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

export const MessageSchema = z.object({
  id: z.string(),
  event: z.string(),
  feedbackId: z.string().nullable(),
  status: z.enum(['pending', 'delivered', 'filtered', 'dead']),
  attempts: z.int(),
  nextAttemptAt: z.iso.datetime(),
  lastStatus: z.int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/** A destination's URL as `toApiDestination` shows it (see DestinationSchema's `url`). */
function shownUrl(kind: Destination['kind'], url: string, canEdit: boolean): string {
  const { protocol, host, origin, pathname } = new URL(url);
  if (!canEdit) return `${protocol}//${host}/…`;
  // A webhook URL of Slack or Discord is a credential: its last path segment is the token.
  if (kind !== 'slack' && kind !== 'discord') return url;
  return `${origin}${pathname.replace(/\/[^/]*\/?$/, '/…')}`;
}

/** A destination as the API shows it: never its signing secret (given once, when created); the URL as `canEdit` allows. */
export function toApiDestination(
  { projectId: _projectId, secret: _secret, target, createdAt, ...rest }: Destination,
  { canEdit }: { canEdit: boolean },
): z.infer<typeof DestinationSchema> {
  return { ...rest, ...(rest.kind === 'email' ? { to: target } : { url: shownUrl(rest.kind, target, canEdit) }), createdAt: new Date(createdAt).toISOString() };
}

export function toApiMessage({ destinationId: _d, projectId: _p, nextAttemptAt, createdAt, deliveredAt, ...rest }: OutboxMessage): z.infer<typeof MessageSchema> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return { ...rest, nextAttemptAt: iso(nextAttemptAt), createdAt: iso(createdAt), deliveredAt: deliveredAt === null ? null : iso(deliveredAt) };
}
