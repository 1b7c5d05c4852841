import { parseRetryAfter } from '../../contract/retry-after.ts';
import type { Channel } from '../channels/channel.ts';
import { createChannelRegistry } from '../channels/registry.ts';
import { composeDigest } from '../digest/compose-digest.ts';
import type { Digest } from '../digest/digest.ts';
import type { Summarise } from '../digest/llm-summary.ts';
import { isVerifiedPage, originsOf } from '../projects/origins.ts';
import type { DeliveryOutcome } from '../observability/metrics.ts';
import type { AttemptOutcome, Destination, DestinationStore, OutboxMessage, OutboxStore } from '../store/forwarding.ts';
import type { FeedbackRecord, FeedbackStore, Project, ProjectStore } from '../store/store.ts';
import { matchesFilter } from './filter.ts';
import type { FeedbackNotification, OutgoingEmail, OutgoingRequest } from './notification.ts';

/** What the receiver answered. Redirects come back as they are: they are never followed. */
export interface PostResult {
  status: number;
  retryAfter: string | null;
}

/** A send that can never succeed (the destination's address is refused): no retries. */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
}

/** Sends one request with the runtime's client (on Node: refusing private addresses unless allowed). Rejects on network errors. */
export type Post = (request: OutgoingRequest) => Promise<PostResult>;

/** Sends one email with the runtime's mail transport (SMTP on Node). Rejects when it cannot. */
export type SendEmail = (email: OutgoingEmail) => Promise<void>;

export interface DeliveryWorkerDeps {
  /** Messages and their destinations; the project and feedback (or the period's, for a digest) they are about. */
  store: OutboxStore & DestinationStore & ProjectStore & FeedbackStore;
  post: Post;
  /** Without it, email destinations cannot be added. */
  sendEmail?: SendEmail | undefined;
  now: () => number;
  random?: () => number;
  /** The server's public URL, for links to items in the dashboard. */
  publicUrl?: string | undefined;
  /** Writes digests' summaries, when the operator configured a language model. */
  summarise?: Summarise | undefined;
  /** The kinds it sends (server/channels/): the shipped ones by default. */
  channels?: readonly Channel[];
  /** Hears how each outbox attempt ended, by the destination's kind (metrics). */
  onAttempt?: (channel: string, outcome: DeliveryOutcome) => void;
}

/** Waits before each retry: 27.7 hours from the first attempt to the last, then the message is dead. */
const RETRY_DELAYS_S = [30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 43_200];
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;
/** How long a claimed message is this worker's; longer than any send (timeouts are 10 s). */
const LEASE_MS = 60_000;

/**
 * Sends what the outbox holds: at least once, with a stable event id per message, retrying with
 * exponential backoff and jitter for over a day (honouring Retry-After), turning a destination
 * off on 410 Gone, and leaving a message dead after its last attempt (replayable by an admin).
 */
export function createDeliveryWorker({
  store,
  post,
  sendEmail,
  now,
  random = Math.random,
  publicUrl,
  summarise,
  channels,
  onAttempt = () => {},
}: DeliveryWorkerDeps) {
  const registry = createChannelRegistry(channels);
  const channelOf = (destination: Destination): Channel => {
    const channel = registry.get(destination.kind);
    // A kind this server no longer registers: retrying cannot help.
    if (!channel) throw new Error(`This server has no ${destination.kind} channel.`);
    return channel;
  };
  const notificationOf = (message: Pick<OutboxMessage, 'id'>, project: Project, feedback: FeedbackRecord): FeedbackNotification => {
    const { projectId: _projectId, ...item } = feedback;
    return {
      eventId: message.id,
      type: 'feedback.created',
      project: { key: project.key, name: project.name },
      feedback: { ...item, page: { ...item.page, verified: isVerifiedPage(project, item.page.url, originsOf(publicUrl)) } },
      itemUrl: publicUrl
        ? `${publicUrl.replace(/\/+$/, '')}/admin/projects/${encodeURIComponent(project.key)}/feedback/${feedback.id}`
        : null,
    };
  };

  /** One attempt; the outcome as the outbox records it. */
  async function attempt(destination: Destination, delivery: OutgoingRequest | OutgoingEmail, attempts: number) {
    const at = now();
    let result: PostResult | undefined;
    let error: string;
    try {
      if ('to' in delivery) {
        if (!sendEmail) throw new UndeliverableError('This server has no mail transport (HEED_SMTP_URL).');
        await sendEmail(delivery);
        return { status: 'delivered' as const, at, httpStatus: null };
      }
      result = await post(delivery);
      if (result.status >= 200 && result.status < 300) return { status: 'delivered' as const, at, httpStatus: result.status };
      error = result.status >= 300 && result.status < 400 ? `HTTP ${result.status} (redirects are not followed)` : `HTTP ${result.status}`;
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
      if (cause instanceof UndeliverableError) return { status: 'dead' as const, nextAttemptAt: at, httpStatus: null, error };
    }
    const httpStatus = result?.status ?? null;
    if (httpStatus === 410) {
      await store.disableDestination(destination.id, 'The receiver answered 410 Gone.');
      return { status: 'dead' as const, nextAttemptAt: at, httpStatus, error: `${error}: destination turned off` };
    }
    if (attempts >= MAX_ATTEMPTS) return { status: 'dead' as const, nextAttemptAt: at, httpStatus, error };
    const backoff = RETRY_DELAYS_S[attempts - 1]! * 1000 * (0.8 + 0.4 * random());
    return {
      status: 'pending' as const,
      nextAttemptAt: at + Math.max(backoff, parseRetryAfter(result?.retryAfter, at) ?? 0),
      httpStatus,
      error,
    };
  }

  /** What a message is about, built for its destination; null when there is nothing to send any more. */
  async function contentOf(message: OutboxMessage, destination: Destination, project: Project, digests: Map<string, Promise<Digest>>) {
    if (message.event === 'digest') {
      if (!message.period) return null;
      // Composed once per period and round, however many destinations take it.
      const key = `${project.id}:${message.period.from}`;
      if (!digests.has(key)) digests.set(key, composeDigest(store, project, message.period, { eventId: message.id, publicUrl, summarise }));
      return channelOf(destination).digest({ ...(await digests.get(key)!), eventId: message.id }, destination, now());
    }
    const feedback = message.feedbackId ? await store.getFeedback(message.projectId, message.feedbackId) : null;
    if (!feedback || !matchesFilter(destination.filter, feedback)) return null;
    return channelOf(destination).item(notificationOf(message, project, feedback), destination, now());
  }

  async function deliver(message: OutboxMessage, digests: Map<string, Promise<Digest>>): Promise<void> {
    const destination = await store.getDestination(message.projectId, message.destinationId);
    const outcome = await outcomeOf(message, destination, digests);
    await store.recordAttempt(message.id, outcome);
    onAttempt(destination?.kind ?? 'deleted', outcome.status === 'pending' ? 'retry' : outcome.status);
  }

  async function outcomeOf(
    message: OutboxMessage,
    destination: Destination | null,
    digests: Map<string, Promise<Digest>>,
  ): Promise<AttemptOutcome> {
    const project = await store.getProject(message.projectId);
    // Its destination or project was deleted while it waited: nothing to send.
    if (!destination || !project) return { status: 'filtered' };
    if (!destination.enabled) return { status: 'dead', nextAttemptAt: now(), httpStatus: null, error: 'The destination is turned off.' };
    let delivery: OutgoingRequest | OutgoingEmail | null;
    try {
      delivery = await contentOf(message, destination, project, digests);
      if (!delivery) return { status: 'filtered' };
    } catch (error) {
      // A destination that cannot be signed for (no valid secret) or sent at all (no channel): retrying cannot help.
      return { status: 'dead', nextAttemptAt: now(), httpStatus: null, error: String(error) };
    }
    return attempt(destination, delivery, message.attempts);
  }

  return {
    /** The kinds it sends: the ones destinations can be made of. */
    channels: registry,

    /** Whether email destinations can be sent. */
    sendsEmail: sendEmail !== undefined,

    /** Sends the messages due now (up to `limit`, all at once); returns how many it handled. */
    async runOnce(limit = 20): Promise<number> {
      const messages = await store.claimDueMessages(now(), LEASE_MS, limit);
      const digests = new Map<string, Promise<Digest>>();
      // Side by side: one after another, a few slow receivers (10 s each) would hold the last
      // messages past their lease, and another instance would send them a second time.
      const outcomes = await Promise.allSettled(messages.map((message) => deliver(message, digests)));
      const failed = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      return messages.length;
    },

    /**
     * Sends batches while the outbox has more due, `stopAt` (epoch ms) is ahead and `signal` (the
     * process shutting down) has not fired: the batch under way is finished, no other is taken.
     * Returns how many it handled.
     */
    async drain(batch: number, stopAt: number, signal?: AbortSignal): Promise<number> {
      let handled = 0;
      for (let sent = batch; sent === batch && Date.now() < stopAt && !signal?.aborted; handled += sent) sent = await this.runOnce(batch);
      return handled;
    },

    /** Sends a sample notification at once, records it in the destination's history, and returns how it went. */
    async sendTest(destination: Destination, project: Project): Promise<OutboxMessage> {
      const at = now();
      const message = { id: `msg_${crypto.randomUUID().replace(/-/g, '')}` };
      const sample: FeedbackRecord = {
        id: crypto.randomUUID(),
        projectId: project.id,
        createdAt: at,
        rating: { kind: project.widgetConfig.ratingKind, value: project.widgetConfig.ratingKind === 'thumbs' ? 1 : 4 },
        comment: 'This is a test notification from Heed: this destination works.',
        followUp: null,
        category: null,
        email: null,
        // A page the project would link (its first origin, else the server's), so the test shows a verified page where it can.
        page: {
          url: new URL('/', project.allowedOrigins.find((origin) => origin !== 'self') ?? publicUrl ?? 'https://heed.example').href,
          referrer: null,
          title: 'Heed test',
        },
        context: { locale: 'en', viewport: { width: 1280, height: 800 }, userAgent: null },
        metadata: null,
        status: 'new',
        tags: [],
      };
      const channel = channelOf(destination);
      const delivery = (channel.test ?? channel.item)({ ...notificationOf(message, project, sample), itemUrl: null }, destination, at);
      // Counted as the last attempt: a test send is tried once, never retried.
      const outcome = await attempt(destination, delivery, MAX_ATTEMPTS);
      const recorded: OutboxMessage = {
        id: message.id,
        destinationId: destination.id,
        projectId: project.id,
        event: 'test',
        feedbackId: null,
        status: outcome.status,
        attempts: 1,
        nextAttemptAt: at,
        lastStatus: outcome.httpStatus,
        lastError: outcome.status === 'delivered' ? null : outcome.error,
        createdAt: at,
        deliveredAt: outcome.status === 'delivered' ? outcome.at : null,
        period: null,
      };
      await store.addMessage(recorded);
      return recorded;
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
