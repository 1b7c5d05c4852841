import { z } from 'zod';
import type { Channel } from '../channels/channel.ts';
import type { ChannelRegistry } from '../channels/registry.ts';
import { emailTarget, urlTarget } from '../channels/targets.ts';
import type { Destination, OutboxMessage } from '../store/forwarding.ts';
import { exactText, humanText } from './text.ts';

const Rating = (name: string) =>
  z
    .int({ error: `${name} is a whole number.` })
    .min(0)
    .max(10);

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

const NameSchema = humanText().trim().min(1, { error: 'A destination needs a name.' }).max(80);
const common = { name: NameSchema, events: EventsSchema.default(['feedback.created']), filter: NotificationFilterSchema.default({}) };

/**
 * `PATCH /v1/projects/:key/destinations/:id`: `url` or `to`, as the destination's kind names it.
 * Checked here as a URL or an address; the route then holds it to the kind's own rules.
 */
export const DestinationChangesSchema = z
  .object({
    name: NameSchema,
    url: urlTarget.schema,
    to: emailTarget.schema,
    events: EventsSchema,
    filter: NotificationFilterSchema,
    enabled: z.boolean(),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { error: 'Send at least one field to change.' });

export const DestinationParamSchema = z.object({ key: exactText().min(1).max(100), id: exactText().min(1).max(64) });
export const MessageParamSchema = DestinationParamSchema.extend({ messageId: exactText().min(1).max(64) });
export const ListMessagesQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

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

/**
 * The schemas whose kinds come from the channels (server/channels/registry.ts): the kind enum, each
 * kind's target rules, and how a destination's target is shown.
 */
export function destinationSchemas(channels: ChannelRegistry) {
  const kinds = channels.list.map((channel) => channel.kind);
  const kindError = `kind is ${kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds[0]}.`;
  const option = ({ kind, target }: Channel) =>
    target.field === 'url'
      ? z.object({ kind: z.literal(kind), url: target.schema, ...common }).strict()
      : z.object({ kind: z.literal(kind), to: target.schema, ...common }).strict();
  // The registry holds at least one kind.
  const options = channels.list.map(option) as [ReturnType<typeof option>, ...ReturnType<typeof option>[]];

  /** `POST /v1/projects/:key/destinations`: the target in `url` or `to`, as the kind's channel names it, by its rules. */
  const NewDestinationSchema = z.discriminatedUnion('kind', options, { error: kindError });

  const DestinationSchema = z.object({
    id: z.string(),
    kind: z.enum(kinds),
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

  /** A destination as the API shows it: never its signing secret (given once, when created); the target as `canEdit` allows. */
  function toApiDestination(
    { projectId: _projectId, secret: _secret, target, createdAt, ...rest }: Destination,
    { canEdit }: { canEdit: boolean },
  ): z.infer<typeof DestinationSchema> {
    // A kind this server no longer registers: its target is not shown, as it may hold a credential.
    const own = channels.get(rest.kind)?.target;
    return { ...rest, ...(own && { [own.field]: own.shown(target, canEdit) }), createdAt: new Date(createdAt).toISOString() };
  }

  return { NewDestinationSchema, DestinationSchema, toApiDestination };
}

export function toApiMessage({
  destinationId: _d,
  projectId: _p,
  nextAttemptAt,
  createdAt,
  deliveredAt,
  ...rest
}: OutboxMessage): z.infer<typeof MessageSchema> {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...rest,
    nextAttemptAt: iso(nextAttemptAt),
    createdAt: iso(createdAt),
    deliveredAt: deliveredAt === null ? null : iso(deliveredAt),
  };
}
