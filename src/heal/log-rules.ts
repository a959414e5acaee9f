/**
 * The heal log's rules, shared by every store (SPEC §5): when a lock is live, what a new lock holds,
 * how an outcome or a verdict is applied to an event, and which outbox row each write enqueues.
 * Adapters only store what these return, in one transaction.
 */
import {
  type HealEvent,
  type HealLock,
  type HealOutcomePatch,
  HealStateConflict,
  type HealVerified,
  type OutboxEntry,
  outboxKey,
} from './ports.js';

/** A lock stops a heal requested at `at` until its cooldown ends. */
export function isLive(lock: HealLock | undefined, at: Date): lock is HealLock {
  return lock !== undefined && lock.expires_at.getTime() > at.getTime();
}

/** The lock a `requested` event takes: its run, held until the cooldown ends. */
export function newLock(event: HealEvent, cooldownMs: number): HealLock {
  return {
    transition: event.transition,
    game_date: event.game_date,
    heal_id: event.heal_id,
    requested_by: event.requested_by,
    requested_at: event.requested_at,
    expires_at: new Date(event.requested_at.getTime() + cooldownMs),
  };
}

/** Whether heal `healId` may release `lock` (a later heal's lock is never released). */
export function holdsLock(lock: Pick<HealLock, 'heal_id'> | undefined, healId: string): boolean {
  return lock?.heal_id === healId;
}

/** The event after its outcome; throws `HealStateConflict` when `onlyIfStatus` does not hold. */
export function applyOutcome(current: HealEvent, patch: HealOutcomePatch): HealEvent {
  if (patch.onlyIfStatus && current.status !== patch.onlyIfStatus) {
    throw new HealStateConflict(current.heal_id, current.status);
  }
  return {
    ...current,
    status: patch.status,
    finished_at: patch.finished_at,
    error: patch.error ?? current.error,
    reason: patch.reason ?? current.reason,
    action_ref: patch.action_ref ?? current.action_ref,
  };
}

export function applyVerdict(current: HealEvent, verified: HealVerified): HealEvent {
  return { ...current, verified };
}

/**
 * The outbox row of a write: keyed by status (`verified` for a verdict), dated when the write happened
 * (a closed event without an explicit time: when it finished).
 */
export function outboxEntry(
  event: HealEvent,
  at?: Date,
  kind: HealEvent['status'] | 'verified' = event.status,
): OutboxEntry {
  return {
    key: outboxKey(event.heal_id, kind),
    heal_id: event.heal_id,
    created_at: at ?? event.finished_at ?? event.requested_at,
    event,
  };
}

/** Newest first; ties broken by id so every store lists alike. */
export function newestFirst(events: HealEvent[]): HealEvent[] {
  return events.sort(
    (a, b) => b.requested_at.getTime() - a.requested_at.getTime() || b.heal_id.localeCompare(a.heal_id),
  );
}

/** Oldest first, the order the outbox is sent in. */
export function oldestFirst(entries: OutboxEntry[]): OutboxEntry[] {
  return entries.sort(
    (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.key.localeCompare(b.key),
  );
}
