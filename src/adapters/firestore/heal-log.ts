/**
 * The heal log in Firestore (SPEC §5, §8):
 * - events: `orchestrator_healing_events/{heal_id}`, the §5 fields exactly;
 * - locks: `pipeline_bot_heal_locks/{transition}_{date}` with the cooldown's end;
 * - outbox: `pipeline_bot_heal_outbox/{heal_id}:{status}`, the pending BigQuery copy of each event.
 * The lock, the `requested` event and its outbox row are written in ONE atomic commit: a batch with a
 * create precondition when no lock document exists, else a read-write transaction (expired lock).
 */
import type { DocumentData, DocumentReference, Firestore } from '@google-cloud/firestore';
import type {
  BeginResult,
  HealEvent,
  HealListQuery,
  HealLock,
  HealLog,
  HealOutcomePatch,
  HealSource,
  HealStatus,
  HealVerified,
  OutboxEntry,
} from '../../heal/ports.js';
import { HealStateConflict, lockKey, outboxKey } from '../../heal/ports.js';
import { toDate } from '../../pipeline/completion.js';
import type { IsoDate } from '../../pipeline/types.js';

export const HEAL_EVENTS_COLLECTION = 'orchestrator_healing_events';
export const HEAL_LOCKS_COLLECTION = 'pipeline_bot_heal_locks';
export const HEAL_OUTBOX_COLLECTION = 'pipeline_bot_heal_outbox';

/** Why so many: a burst of clicks contends on one lock document; each retry backs off in the library. */
const TRANSACTION_ATTEMPTS = 25;
const BATCH_LIMIT = 400;
/** gRPC status of a `create` whose document exists. */
const ALREADY_EXISTS = 6;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function eventFromData(data: DocumentData): HealEvent {
  return {
    heal_id: String(data.heal_id),
    transition: String(data.transition),
    game_date: String(data.game_date),
    source: String(data.source) as HealSource,
    requested_by: String(data.requested_by),
    status: String(data.status) as HealStatus,
    reason: str(data.reason),
    job_name: str(data.job_name),
    location: str(data.location),
    trigger_command: str(data.trigger_command),
    processors_complete: num(data.processors_complete),
    expected_processors: num(data.expected_processors),
    requested_at: toDate(data.requested_at) ?? new Date(0),
    finished_at: toDate(data.finished_at) ?? null,
    error: str(data.error),
    verified: (str(data.verified) as HealVerified | null) ?? null,
  };
}

/** Dates become Firestore Timestamps; nulls are kept (the field exists, as in BigQuery). */
function eventData(e: HealEvent): DocumentData {
  return { ...e };
}

function lockFromData(data: DocumentData): HealLock {
  return {
    transition: String(data.transition),
    game_date: String(data.game_date),
    heal_id: String(data.heal_id),
    requested_by: String(data.requested_by),
    requested_at: toDate(data.requested_at) ?? new Date(0),
    expires_at: toDate(data.expires_at) ?? new Date(0),
  };
}

const live = (lock: HealLock | undefined, at: Date): lock is HealLock =>
  lock !== undefined && lock.expires_at.getTime() > at.getTime();

export class FirestoreHealLog implements HealLog {
  constructor(private readonly db: Firestore) {}

  private eventRef(healId: string): DocumentReference {
    return this.db.collection(HEAL_EVENTS_COLLECTION).doc(healId);
  }

  private lockRef(transition: string, date: IsoDate): DocumentReference {
    return this.db.collection(HEAL_LOCKS_COLLECTION).doc(lockKey(transition, date));
  }

  private outboxRef(key: string): DocumentReference {
    return this.db.collection(HEAL_OUTBOX_COLLECTION).doc(key);
  }

  private outboxData(key: string, e: HealEvent, at: Date): DocumentData {
    return { key, heal_id: e.heal_id, created_at: at, pending: true, exported_at: null, event: eventData(e) };
  }

  private async readLock(transition: string, date: IsoDate): Promise<HealLock | undefined> {
    const snap = await this.lockRef(transition, date).get();
    return snap.exists ? lockFromData(snap.data()!) : undefined;
  }

  private async denied(lock: HealLock): Promise<BeginResult> {
    return { ok: false, lock, holder: await this.get(lock.heal_id).catch(() => undefined) };
  }

  /**
   * Why: a burst of clicks on one instance would otherwise open one contending transaction each
   * (Firestore aborts and retries them with backoff). Serialized per run inside the process, only the
   * first reaches the transaction; the rest see its lock in the cheap pre-read. Across instances the
   * transaction alone decides.
   */
  private readonly beginQueues = new Map<string, Promise<unknown>>();

  async begin(event: HealEvent, cooldownMs: number): Promise<BeginResult> {
    const key = lockKey(event.transition, event.game_date);
    const previous = this.beginQueues.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.beginNow(event, cooldownMs));
    this.beginQueues.set(key, run);
    try {
      return await run;
    } finally {
      if (this.beginQueues.get(key) === run) this.beginQueues.delete(key);
    }
  }

  private async beginNow(event: HealEvent, cooldownMs: number): Promise<BeginResult> {
    const lockRef = this.lockRef(event.transition, event.game_date);
    // Cheap read first: in a burst of clicks everyone after the winner sees the live lock here
    // without contending for the document in a transaction. Correctness rests on the transaction.
    const before = await this.readLock(event.transition, event.game_date);
    if (live(before, event.requested_at)) return this.denied(before);
    const lockData = {
      transition: event.transition,
      game_date: event.game_date,
      heal_id: event.heal_id,
      requested_by: event.requested_by,
      requested_at: event.requested_at,
      expires_at: new Date(event.requested_at.getTime() + cooldownMs),
    };
    const key = outboxKey(event.heal_id, event.status);

    if (!before) {
      // No lock document: one atomic commit with a "must not exist" precondition on the lock. Unlike a
      // read-write transaction it never waits on other clients' read locks; of simultaneous commits
      // exactly one succeeds and the others fail with ALREADY_EXISTS.
      const batch = this.db.batch();
      batch.create(lockRef, lockData);
      batch.create(this.eventRef(event.heal_id), eventData(event));
      batch.set(this.outboxRef(key), this.outboxData(key, event, event.requested_at));
      try {
        await batch.commit();
        return { ok: true };
      } catch (err) {
        if ((err as { code?: unknown }).code !== ALREADY_EXISTS) throw err;
        const winner = await this.readLock(event.transition, event.game_date);
        if (live(winner, event.requested_at)) return this.denied(winner);
        // The lock exists but already expired (or was released): decide in a transaction.
      }
    }

    const held = await this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(lockRef);
        const lock = snap.exists ? lockFromData(snap.data()!) : undefined;
        if (live(lock, event.requested_at)) return lock;
        tx.set(lockRef, lockData);
        tx.create(this.eventRef(event.heal_id), eventData(event));
        tx.set(this.outboxRef(key), this.outboxData(key, event, event.requested_at));
        return undefined;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
    return held ? this.denied(held) : { ok: true };
  }

  async record(event: HealEvent): Promise<void> {
    const key = outboxKey(event.heal_id, event.status);
    const batch = this.db.batch();
    batch.set(this.eventRef(event.heal_id), eventData(event));
    batch.set(this.outboxRef(key), this.outboxData(key, event, event.finished_at ?? event.requested_at));
    await batch.commit();
  }

  async finish(healId: string, patch: HealOutcomePatch): Promise<HealEvent> {
    return this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(this.eventRef(healId));
        if (!snap.exists) throw new Error(`heal ${healId} not found`);
        const current = eventFromData(snap.data()!);
        if (patch.onlyIfStatus && current.status !== patch.onlyIfStatus)
          throw new HealStateConflict(healId, current.status);
        const lockRef = this.lockRef(current.transition, current.game_date);
        const lockSnap = patch.releaseLock ? await tx.get(lockRef) : undefined;
        const next: HealEvent = {
          ...current,
          status: patch.status,
          finished_at: patch.finished_at,
          error: patch.error ?? current.error,
          reason: patch.reason ?? current.reason,
        };
        tx.set(this.eventRef(healId), eventData(next));
        const key = outboxKey(healId, next.status);
        tx.set(this.outboxRef(key), this.outboxData(key, next, patch.finished_at));
        if (lockSnap?.exists && lockSnap.data()?.heal_id === healId) tx.delete(lockRef);
        return next;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }

  async release(transition: string, date: IsoDate, healId: string): Promise<void> {
    const ref = this.lockRef(transition, date);
    await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists && snap.data()?.heal_id === healId) tx.delete(ref);
    });
  }

  async setVerified(healId: string, verified: HealVerified, at: Date): Promise<HealEvent | undefined> {
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(this.eventRef(healId));
      if (!snap.exists) return undefined;
      const next = { ...eventFromData(snap.data()!), verified };
      tx.update(this.eventRef(healId), { verified });
      const key = outboxKey(healId, 'verified');
      tx.set(this.outboxRef(key), this.outboxData(key, next, at));
      return next;
    });
  }

  async get(healId: string): Promise<HealEvent | undefined> {
    const snap = await this.eventRef(healId).get();
    return snap.exists ? eventFromData(snap.data()!) : undefined;
  }

  async currentLock(transition: string, date: IsoDate, now: Date): Promise<HealLock | undefined> {
    const lock = await this.readLock(transition, date);
    return live(lock, now) ? lock : undefined;
  }

  async list(q: HealListQuery): Promise<HealEvent[]> {
    // One range on one field (no composite index needed); the transition filter is applied here.
    const limit = q.limit ?? 500;
    const snap = await this.db
      .collection(HEAL_EVENTS_COLLECTION)
      .where('requested_at', '>=', q.since)
      .orderBy('requested_at', 'desc')
      .limit(q.transition ? Math.max(limit, 1000) : limit)
      .get();
    const events = snap.docs.map((d) => eventFromData(d.data()));
    return (q.transition ? events.filter((e) => e.transition === q.transition) : events).slice(0, limit);
  }

  async forRun(transition: string, date: IsoDate): Promise<HealEvent[]> {
    // Two equality filters: served by merging single-field indexes, no composite index needed.
    const snap = await this.db
      .collection(HEAL_EVENTS_COLLECTION)
      .where('transition', '==', transition)
      .where('game_date', '==', date)
      .get();
    return sortNewestFirst(snap.docs.map((d) => eventFromData(d.data())));
  }

  async inStatus(status: HealStatus, limit = 100): Promise<HealEvent[]> {
    const snap = await this.db
      .collection(HEAL_EVENTS_COLLECTION)
      .where('status', '==', status)
      .limit(limit)
      .get();
    return sortNewestFirst(snap.docs.map((d) => eventFromData(d.data())));
  }

  async pendingExports(limit = 200): Promise<OutboxEntry[]> {
    const snap = await this.db
      .collection(HEAL_OUTBOX_COLLECTION)
      .where('pending', '==', true)
      .limit(limit)
      .get();
    return snap.docs
      .map((d) => {
        const data = d.data();
        return {
          key: String(data.key ?? d.id),
          heal_id: String(data.heal_id),
          created_at: toDate(data.created_at) ?? new Date(0),
          event: eventFromData(data.event as DocumentData),
        };
      })
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.key.localeCompare(b.key));
  }

  async markExported(keys: string[], at: Date): Promise<void> {
    for (let i = 0; i < keys.length; i += BATCH_LIMIT) {
      const batch = this.db.batch();
      for (const key of keys.slice(i, i + BATCH_LIMIT)) {
        batch.update(this.outboxRef(key), { pending: false, exported_at: at });
      }
      await batch.commit();
    }
  }

  async ping(): Promise<void> {
    await this.db.collection(HEAL_LOCKS_COLLECTION).doc('_ping').get();
  }
}

function sortNewestFirst(events: HealEvent[]): HealEvent[] {
  return events.sort(
    (a, b) => b.requested_at.getTime() - a.requested_at.getTime() || b.heal_id.localeCompare(a.heal_id),
  );
}
