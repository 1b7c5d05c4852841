import type { z } from 'zod';
import type { Digest } from '../digest/digest.ts';
import type { FeedbackNotification, OutgoingEmail, OutgoingRequest } from '../notify/notification.ts';
import type { Destination } from '../store/forwarding.ts';

/** Where a destination of one kind sends to: the API field that holds it, its rules, and how the API shows it. */
export interface ChannelTarget {
  /** `url` for what is posted to, `to` for an email address. */
  field: 'url' | 'to';
  /** What a target must be; the API answers 400 naming the field otherwise. */
  schema: z.ZodType<string, string>;
  /** The target as the API shows it to a token that can (`canEdit`) or cannot change destinations. */
  shown: (target: string, canEdit: boolean) => string;
}

/** What a renderer knows of its destination: where it goes, and the signing secret of kinds that sign. */
export type Addressee = Pick<Destination, 'target' | 'secret'>;

/**
 * A channel whose renderers make `Message`s, sent over `Transport`. Renderers are pure: `now` is
 * when this attempt is made (a webhook signs it).
 */
interface ChannelOf<Transport extends string, Message> {
  /** Stored with each destination; the API's `kind`. */
  kind: string;
  /** How its messages leave: over the delivery worker's `post` (HTTP POST) or its `sendEmail`. */
  transport: Transport;
  target: ChannelTarget;
  /** A fresh signing secret for a new destination, for kinds that sign; the API shows it once, when it is made. */
  createSecret?: () => string;
  /** One piece of feedback. */
  item: (notification: FeedbackNotification, to: Addressee, now: number) => Message;
  digest: (digest: Digest, to: Addressee, now: number) => Message;
  /** A test send, where it differs from a sample item. */
  test?: (notification: FeedbackNotification, to: Addressee, now: number) => Message;
}

/**
 * A destination kind as one plugin: its target's rules, its renderers and its transport. The
 * delivery worker, the destination schemas and routes read the kinds from a registry of these
 * (registry.ts); adding a kind is one file.
 */
export type Channel = ChannelOf<'http', OutgoingRequest> | ChannelOf<'email', OutgoingEmail>;

/** A JSON body posted to the destination's URL. */
export const jsonRequest = (url: string, body: object): OutgoingRequest => ({
  url,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
