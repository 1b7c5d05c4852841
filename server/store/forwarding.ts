/**
 * A destination's kind: the id of the channel that sends it (server/channels/). The shipped ones are
 * contract/channel-kinds.ts's; a deployment or a test may register more, so the store keeps any.
 */
export type DestinationKind = string;

export type DestinationEvent = 'feedback.created' | 'digest';

/** Which feedback an instant notification is sent for; every field given must hold. */
export interface NotificationFilter {
  ratingAtMost?: number;
  ratingAtLeast?: number;
  hasComment?: boolean;
  category?: string;
  /** Page URL glob (`*` matches anything). */
  page?: string;
}

export interface Destination {
  id: string;
  projectId: string;
  kind: DestinationKind;
  name: string;
  /** The URL it is sent to, or the email address. */
  target: string;
  /** The webhook signing secret (webhook destinations only). */
  secret: string | null;
  events: DestinationEvent[];
  filter: NotificationFilter;
  enabled: boolean;
  /** Why the server turned it off (a 410 from the receiver), if it did. */
  disabledReason: string | null;
  createdAt: number;
}

export type NewDestination = Omit<Destination, 'createdAt' | 'enabled' | 'disabledReason'>;
export type DestinationChanges = Partial<Pick<Destination, 'name' | 'target' | 'events' | 'filter' | 'enabled'>>;

export type MessageStatus = 'pending' | 'delivered' | 'filtered' | 'dead';

/** One outbox message: an event for one destination, and how its delivery went. */
export interface OutboxMessage {
  id: string;
  destinationId: string;
  projectId: string;
  event: DestinationEvent | 'test';
  feedbackId: string | null;
  status: MessageStatus;
  attempts: number;
  nextAttemptAt: number;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  /** The period a digest message is about. */
  period: { from: number; to: number } | null;
}

/** What one attempt changed. */
export type AttemptOutcome =
  | { status: 'delivered'; at: number; httpStatus: number | null }
  | { status: 'filtered' }
  | { status: 'pending' | 'dead'; nextAttemptAt: number; httpStatus: number | null; error: string };

/** Where notifications and digests go. */
export interface DestinationStore {
  createDestination(destination: NewDestination, now: number): Promise<Destination>;
  listDestinations(projectId: string): Promise<Destination[]>;
  getDestination(projectId: string, id: string): Promise<Destination | null>;
  updateDestination(projectId: string, id: string, changes: DestinationChanges): Promise<Destination | null>;
  /** Turns a destination off on the receiver's word (410 Gone). */
  disableDestination(id: string, reason: string): Promise<void>;
  /** Deletes it with its messages; false if there was none. */
  deleteDestination(projectId: string, id: string): Promise<boolean>;
}

/** The transactional outbox: one message per event and destination, and how its delivery went. */
export interface OutboxStore {
  /** Records a message sent outside the outbox's retries (a test send), for the history. */
  addMessage(message: OutboxMessage): Promise<void>;
  /**
   * Claims up to `limit` pending messages due at `now` for `leaseMs` (so no other worker sends
   * them meanwhile), oldest first, and counts the attempt.
   */
  claimDueMessages(now: number, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  recordAttempt(id: string, outcome: AttemptOutcome): Promise<void>;
  /** A destination's messages, newest first. */
  listMessages(destinationId: string, limit: number): Promise<OutboxMessage[]>;
  /** Sends a delivered or dead message again, from its first attempt; null if there is none. */
  replayMessage(destinationId: string, id: string, now: number): Promise<OutboxMessage | null>;
}

/** Digest periods, each recorded (and its messages queued) once whatever restarts. */
export interface DigestStore {
  /**
   * Records a project's digest period and queues its messages, once: false if the period was
   * already recorded (by this instance before a restart, or by another).
   */
  recordDigestPeriod(projectId: string, period: { from: number; to: number }, now: number): Promise<boolean>;
  /** Projects with at least one enabled destination that takes digests. */
  projectsWithDigests(): Promise<string[]>;
}

/** The forwarding half of the Store. */
export type ForwardingStore = DestinationStore & OutboxStore & DigestStore;
