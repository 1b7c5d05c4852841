import type { Kysely, Selectable } from 'kysely';
import type { DestinationKind } from '../forwarding.ts';
import type { Destination, DestinationEvent, ForwardingStore, MessageStatus, OutboxMessage } from '../forwarding.ts';
import type { Database, DestinationsTable, OutboxTable } from './tables.ts';

/** Destinations and the outbox on any Kysely dialect whose schema matches ../migrations. */
export function createKyselyForwardingStore(db: Kysely<Database>, { lockClaimedRows }: { lockClaimedRows: boolean }): ForwardingStore {
  const select = (projectId: string, id: string) =>
    db.selectFrom('destinations').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();

  return {
    async createDestination(destination, now) {
      await db
        .insertInto('destinations')
        .values({
          id: destination.id,
          project_id: destination.projectId,
          kind: destination.kind,
          name: destination.name,
          target: destination.target,
          secret: destination.secret,
          events: JSON.stringify(destination.events),
          filter: JSON.stringify(destination.filter),
          enabled: 1,
          disabled_reason: null,
          created_at: now,
        })
        .execute();
      return { ...destination, enabled: true, disabledReason: null, createdAt: now };
    },

    async listDestinations(projectId) {
      const rows = await db
        .selectFrom('destinations')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toDestination);
    },

    async getDestination(projectId, id) {
      const row = await select(projectId, id);
      return row ? toDestination(row) : null;
    },

    async updateDestination(projectId, id, changes) {
      const set = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.target !== undefined ? { target: changes.target } : {}),
        ...(changes.events ? { events: JSON.stringify(changes.events) } : {}),
        ...(changes.filter ? { filter: JSON.stringify(changes.filter) } : {}),
        // Turned on again by an admin: the server's reason for turning it off no longer holds.
        ...(changes.enabled !== undefined ? { enabled: changes.enabled ? 1 : 0, disabled_reason: null } : {}),
      };
      if (Object.keys(set).length > 0)
        await db.updateTable('destinations').set(set).where('project_id', '=', projectId).where('id', '=', id).execute();
      const row = await select(projectId, id);
      return row ? toDestination(row) : null;
    },

    async disableDestination(id, reason) {
      await db.updateTable('destinations').set({ enabled: 0, disabled_reason: reason }).where('id', '=', id).execute();
    },

    async deleteDestination(projectId, id) {
      const result = await db.deleteFrom('destinations').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await db.deleteFrom('outbox').where('destination_id', '=', id).execute();
      return true;
    },

    async addMessage(message) {
      await db
        .insertInto('outbox')
        .values({
          id: message.id,
          destination_id: message.destinationId,
          project_id: message.projectId,
          event: message.event,
          feedback_id: message.feedbackId,
          status: message.status,
          attempts: message.attempts,
          next_attempt_at: message.nextAttemptAt,
          lease_until: null,
          last_status: message.lastStatus,
          last_error: message.lastError,
          created_at: message.createdAt,
          delivered_at: message.deliveredAt,
          period_from: message.period?.from ?? null,
          period_to: message.period?.to ?? null,
        })
        .execute();
    },

    async claimDueMessages(now, leaseMs, limit) {
      // One statement: no other worker can claim the same rows between a read and the update. On
      // Postgres a concurrent claimer would otherwise wait for these rows and then take them too
      // (the subquery is not read again), so it skips locked rows instead.
      const candidates = db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
        .orderBy('next_attempt_at')
        .limit(limit);
      const due = lockClaimedRows ? candidates.forUpdate().skipLocked() : candidates;
      const rows = await db
        .updateTable('outbox')
        .set((eb) => ({ lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(toMessage).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt);
    },

    async recordAttempt(id, outcome) {
      const set =
        outcome.status === 'delivered'
          ? { status: 'delivered', delivered_at: outcome.at, last_status: outcome.httpStatus, last_error: null }
          : outcome.status === 'filtered'
            ? { status: 'filtered' }
            : {
                status: outcome.status,
                next_attempt_at: outcome.nextAttemptAt,
                last_status: outcome.httpStatus,
                last_error: outcome.error,
              };
      await db
        .updateTable('outbox')
        .set({ ...set, lease_until: null })
        .where('id', '=', id)
        .execute();
    },

    async listMessages(destinationId, limit) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('destination_id', '=', destinationId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },

    async recordDigestPeriod(projectId, period, now) {
      const result = await db
        .insertInto('digests')
        .values({ project_id: projectId, period_from: period.from, period_to: period.to, created_at: now })
        .onConflict((conflict) => conflict.columns(['project_id', 'period_from']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async projectsWithDigests() {
      const rows = await db
        .selectFrom('destinations')
        .select('project_id')
        .distinct()
        .where('enabled', '=', 1)
        .where('events', 'like', '%"digest"%')
        .execute();
      return rows.map((row) => row.project_id);
    },

    async replayMessage(destinationId, id, now) {
      const rows = await db
        .updateTable('outbox')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null, last_error: null })
        .where('destination_id', '=', destinationId)
        .where('id', '=', id)
        .where('status', 'in', ['delivered', 'dead'])
        .returningAll()
        .execute();
      return rows[0] ? toMessage(rows[0]) : null;
    },
  };
}

function toDestination(row: Selectable<DestinationsTable>): Destination {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind as DestinationKind,
    name: row.name,
    target: row.target,
    secret: row.secret,
    events: JSON.parse(row.events) as DestinationEvent[],
    filter: JSON.parse(row.filter) as Destination['filter'],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    createdAt: Number(row.created_at),
  };
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    destinationId: row.destination_id,
    projectId: row.project_id,
    event: row.event as OutboxMessage['event'],
    feedbackId: row.feedback_id,
    status: row.status as MessageStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastStatus: row.last_status === null ? null : Number(row.last_status),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
    period: row.period_from === null || row.period_to === null ? null : { from: Number(row.period_from), to: Number(row.period_to) },
  };
}
