import { z } from 'zod';
import { ApiError, invalidInput } from '../errors.ts';
import type { DeliveryWorker } from '../notify/delivery-worker.ts';
import {
  DestinationChangesSchema,
  DestinationParamSchema,
  ListMessagesQuerySchema,
  MessageParamSchema,
  MessageSchema,
  destinationSchemas,
  toApiMessage,
} from '../schemas/destination.ts';
import { ProjectKeyParamSchema } from '../schemas/project.ts';
import type { DestinationStore, OutboxStore } from '../store/forwarding.ts';
import type { TokenStore, ProjectStore, TokenScope } from '../store/store.ts';
import { adminRoute, createApiRouter, findAdminProject, jsonBody, jsonResponse } from './api-router.ts';

/** Adding, changing, testing, replaying and removing destinations; lower scopes list them and read their history. */
const EDIT_SCOPE: TokenScope = 'admin';

/**
 * Where a project's summaries go: list and read history with `read`; add, change, test, replay and
 * remove with `admin`. The kinds are the ones the worker sends (its channels).
 */
export function adminDestinationRoutes({
  store,
  now,
  worker,
}: {
  store: TokenStore & ProjectStore & DestinationStore & OutboxStore;
  now: () => number;
  worker: DeliveryWorker;
}) {
  const tags = ['Destinations'];
  const { NewDestinationSchema, DestinationSchema, toApiDestination } = destinationSchemas(worker.channels);

  async function destinationOf(key: string, id: string) {
    const project = await findAdminProject(store, key, now());
    const destination = await store.getDestination(project.id, id);
    if (!destination) throw new ApiError('destination_not_found', 'This project has no destination with this id.');
    return { project, destination };
  }

  return createApiRouter()
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/destinations',
        tags,
        summary: 'List destinations',
        request: { params: ProjectKeyParamSchema },
        responses: {
          200: jsonResponse(
            z.object({ items: z.array(DestinationSchema) }),
            'Every destination of the project, oldest first; URLs as scheme and host only unless the token can edit destinations (`admin`).',
          ),
        },
      }),
      async (c) => {
        const project = await findAdminProject(store, c.req.valid('param').key, now());
        const canEdit = c.get('adminScope') === EDIT_SCOPE;
        return c.json(
          { items: (await store.listDestinations(project.id)).map((destination) => toApiDestination(destination, { canEdit })) },
          200,
        );
      },
    )
    .openapi(
      adminRoute(store, EDIT_SCOPE, {
        method: 'post',
        path: '/projects/{key}/destinations',
        tags,
        summary: 'Add a destination',
        description:
          'Slack or Discord incoming webhook, a webhook signed per the Standard Webhooks spec (its signing `secret` is in this answer only), or an email address.',
        request: { params: ProjectKeyParamSchema, body: jsonBody(NewDestinationSchema) },
        responses: {
          201: jsonResponse(
            DestinationSchema.extend({ secret: z.string().optional() }),
            'The destination (and a webhook’s signing secret, shown this once).',
          ),
        },
      }),
      async (c) => {
        const project = await findAdminProject(store, c.req.valid('param').key, now());
        const input = c.req.valid('json');
        // The schema admits only the worker's kinds.
        const channel = worker.channels.get(input.kind)!;
        if (channel.transport === 'email' && !worker.sendsEmail) {
          throw new ApiError('email_not_configured', 'This server has no mail transport: set HEED_SMTP_URL and HEED_SMTP_FROM.', {
            issues: [{ path: 'kind', message: 'Configure the server’s SMTP settings first.' }],
          });
        }
        const { kind, name, events, filter } = input;
        const secret = channel.createSecret?.() ?? null;
        const target = 'url' in input ? input.url : input.to;
        const destination = await store.createDestination(
          {
            id: `dst_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`,
            projectId: project.id,
            kind,
            name,
            target,
            secret,
            events,
            filter,
          },
          now(),
        );
        return c.json({ ...toApiDestination(destination, { canEdit: true }), ...(secret ? { secret } : {}) }, 201);
      },
    )
    .openapi(
      adminRoute(store, EDIT_SCOPE, {
        method: 'patch',
        path: '/projects/{key}/destinations/{id}',
        tags,
        summary: 'Change a destination',
        description: 'Name, URL, events, filter (replaced whole), enabled. Turning it on again clears the reason the server turned it off.',
        request: { params: DestinationParamSchema, body: jsonBody(DestinationChangesSchema) },
        responses: { 200: jsonResponse(DestinationSchema, 'The destination as changed.') },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const { project, destination } = await destinationOf(key, id);
        const { url, to, ...changes } = c.req.valid('json');
        const own = worker.channels.get(destination.kind)?.target;
        const misplaced = (url && own?.field !== 'url' && 'url') || (to && own?.field !== 'to' && 'to');
        if (misplaced) {
          throw new ApiError('invalid_payload', `A ${destination.kind} destination has no ${misplaced}.`, {
            issues: [{ path: misplaced, message: 'Not a field of this kind.' }],
          });
        }
        const target = url ?? to;
        // Held to the kind's own rules too: the schema checked it as any URL or address.
        const checked = own && target !== undefined && z.object({ [own.field]: own.schema }).safeParse({ [own.field]: target });
        if (checked && !checked.success) throw invalidInput(checked.error, 'body');
        const changed = await store.updateDestination(project.id, id, { ...changes, ...(target ? { target } : {}) });
        return c.json(toApiDestination(changed!, { canEdit: true }), 200);
      },
    )
    .openapi(
      adminRoute(store, EDIT_SCOPE, {
        method: 'delete',
        path: '/projects/{key}/destinations/{id}',
        tags,
        summary: 'Remove a destination',
        description: 'With its waiting messages and its history.',
        request: { params: DestinationParamSchema },
        responses: { 204: { description: 'Removed.' } },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const { project } = await destinationOf(key, id);
        await store.deleteDestination(project.id, id);
        return c.body(null, 204);
      },
    )
    .openapi(
      adminRoute(store, EDIT_SCOPE, {
        method: 'post',
        path: '/projects/{key}/destinations/{id}/test',
        tags,
        summary: 'Send a test notification',
        description: 'Sends a sample notification now, once (no retries), and records it in the history.',
        request: { params: DestinationParamSchema },
        responses: { 200: jsonResponse(MessageSchema, 'How it went: `delivered`, or `dead` with the receiver’s status or the error.') },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const { project, destination } = await destinationOf(key, id);
        return c.json(toApiMessage(await worker.sendTest(destination, project)), 200);
      },
    )
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/destinations/{id}/messages',
        tags,
        summary: 'Delivery history',
        request: { params: DestinationParamSchema, query: ListMessagesQuerySchema },
        responses: { 200: jsonResponse(z.object({ items: z.array(MessageSchema) }), 'The destination’s messages, newest first.') },
      }),
      async (c) => {
        const { key, id } = c.req.valid('param');
        const { destination } = await destinationOf(key, id);
        const messages = await store.listMessages(destination.id, c.req.valid('query').limit);
        c.header('Cache-Control', 'no-store');
        return c.json({ items: messages.map(toApiMessage) }, 200);
      },
    )
    .openapi(
      adminRoute(store, EDIT_SCOPE, {
        method: 'post',
        path: '/projects/{key}/destinations/{id}/messages/{messageId}/replay',
        tags,
        summary: 'Send a message again',
        description: 'A delivered or dead message goes back to the outbox, from its first attempt, with the same event id.',
        request: { params: MessageParamSchema },
        responses: { 200: jsonResponse(MessageSchema, 'The message, pending again.') },
      }),
      async (c) => {
        const { key, id, messageId } = c.req.valid('param');
        const { destination } = await destinationOf(key, id);
        const message = await store.replayMessage(destination.id, messageId, now());
        if (!message) throw new ApiError('message_not_found', 'This destination has no delivered or dead message with this id.');
        return c.json(toApiMessage(message), 200);
      },
    );
}
