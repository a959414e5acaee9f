/**
 * The heal log in Firestore (SPEC §5, §8):
 * - events: `orchestrator_healing_events/{heal_id}`, the §5 fields exactly;
 * - locks: `pipeline_bot_heal_locks/{transition}_{date}` with the cooldown's end;
 * - outbox: `pipeline_bot_heal_outbox/{heal_id}:{status}`, the pending BigQuery copy of each event.
 * The lock, the `requested` event and its outbox row are written in ONE atomic commit: a batch with a
 * create precondition when no lock document exists, else a read-write transaction (expired lock).
 */
import type { DocumentData, DocumentReference, Firestore } from '@google-cloud/firestore';
import { eventFromRecord, eventToDocument } from '../../heal/columns.js';
import {
  applyOutcome,
  applyVerdict,
  holdsLock,
  isLive,
  newestFirst,
  newLock,
  oldestFirst,
  outboxEntry,
} from '../../heal/log-rules.js';
import type {
  BeginResult,
  HealEvent,
  HealListQuery,
  HealLock,
  HealLog,
  HealOutcomePatch,
  HealStatus,
  HealVerified,
  OutboxEntry,
} from '../../heal/ports.js';
import { lockKey } from '../../heal/ports.js';
import { toDate } from '../../pipeline/completion.js';
import type { IsoDate } from '../../pipeline/types.js';

/** Why orchestrator_healing_events: the collection SPEC §5/§8 name for the heal audit. */
export const HEAL_EVENTS_COLLECTION = 'orchestrator_healing_events';
/**
 * Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); one lock per transition and date.
 */
export const HEAL_LOCKS_COLLECTION = 'pipeline_bot_heal_locks';
/** Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); rows still to reach BigQuery. */
export const HEAL_OUTBOX_COLLECTION = 'pipeline_bot_heal_outbox';

/** Why so many: a burst of clicks contends on one lock document; each retry backs off in the library. */
const TRANSACTION_ATTEMPTS = 25;
/** Why 400: below the 500 writes Firestore allows in one batched write. */
const BATCH_LIMIT = 400;
/** Why 6: gRPC ALREADY_EXISTS, what a `create` answers when its document exists. */
const ALREADY_EXISTS = 6;

/** An event as stored in Firestore (the columns of `heal/columns.ts`; Timestamps read back as Dates). */
export function eventFromData(data: DocumentData): HealEvent {
  return eventFromRecord(data);
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

  private outboxData(entry: OutboxEntry): DocumentData {
    const { key, heal_id, created_at, event } = entry;
    return { key, heal_id, created_at, pending: true, exported_at: null, event: eventToDocument(event) };
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
    if (isLive(before, event.requested_at)) return this.denied(before);
    const lockData = newLock(event, cooldownMs);
    const entry = outboxEntry(event);

    if (!before) {
      // No lock document: one atomic commit with a "must not exist" precondition on the lock. Unlike a
      // read-write transaction it never waits on other clients' read locks; of simultaneous commits
      // exactly one succeeds and the others fail with ALREADY_EXISTS.
      const batch = this.db.batch();
      batch.create(lockRef, lockData);
      batch.create(this.eventRef(event.heal_id), eventToDocument(event));
      batch.set(this.outboxRef(entry.key), this.outboxData(entry));
      try {
        await batch.commit();
        return { ok: true };
      } catch (err) {
        if ((err as { code?: unknown }).code !== ALREADY_EXISTS) throw err;
        const winner = await this.readLock(event.transition, event.game_date);
        if (isLive(winner, event.requested_at)) return this.denied(winner);
        // The lock exists but already expired (or was released): decide in a transaction.
      }
    }

    const held = await this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(lockRef);
        const lock = snap.exists ? lockFromData(snap.data()!) : undefined;
        if (isLive(lock, event.requested_at)) return lock;
        tx.set(lockRef, lockData);
        tx.create(this.eventRef(event.heal_id), eventToDocument(event));
        tx.set(this.outboxRef(entry.key), this.outboxData(entry));
        return undefined;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
    return held ? this.denied(held) : { ok: true };
  }

  async record(event: HealEvent): Promise<void> {
    const entry = outboxEntry(event);
    const batch = this.db.batch();
    batch.set(this.eventRef(event.heal_id), eventToDocument(event));
    batch.set(this.outboxRef(entry.key), this.outboxData(entry));
    await batch.commit();
  }

  async finish(healId: string, patch: HealOutcomePatch): Promise<HealEvent> {
    return this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(this.eventRef(healId));
        if (!snap.exists) throw new Error(`heal ${healId} not found`);
        const current = eventFromData(snap.data()!);
        const next = applyOutcome(current, patch);
        const lockRef = this.lockRef(current.transition, current.game_date);
        const lockSnap = patch.releaseLock ? await tx.get(lockRef) : undefined;
        const entry = outboxEntry(next);
        tx.set(this.eventRef(healId), eventToDocument(next));
        tx.set(this.outboxRef(entry.key), this.outboxData(entry));
        if (lockSnap?.exists && holdsLock(lockSnap.data() as HealLock, healId)) tx.delete(lockRef);
        return next;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }

  async release(transition: string, date: IsoDate, healId: string): Promise<void> {
    const ref = this.lockRef(transition, date);
    await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (snap.exists && holdsLock(snap.data() as HealLock, healId)) tx.delete(ref);
    });
  }

  async setVerified(healId: string, verified: HealVerified, at: Date): Promise<HealEvent | undefined> {
    return this.db.runTransaction(async (tx) => {
      const snap = await tx.get(this.eventRef(healId));
      if (!snap.exists) return undefined;
      const next = applyVerdict(eventFromData(snap.data()!), verified);
      const entry = outboxEntry(next, at, 'verified');
      tx.update(this.eventRef(healId), { verified });
      tx.set(this.outboxRef(entry.key), this.outboxData(entry));
      return next;
    });
  }

  async get(healId: string): Promise<HealEvent | undefined> {
    const snap = await this.eventRef(healId).get();
    return snap.exists ? eventFromData(snap.data()!) : undefined;
  }

  async currentLock(transition: string, date: IsoDate, now: Date): Promise<HealLock | undefined> {
    const lock = await this.readLock(transition, date);
    return isLive(lock, now) ? lock : undefined;
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
    return newestFirst(snap.docs.map((d) => eventFromData(d.data())));
  }

  async inStatus(status: HealStatus, limit = 100): Promise<HealEvent[]> {
    const snap = await this.db
      .collection(HEAL_EVENTS_COLLECTION)
      .where('status', '==', status)
      .limit(limit)
      .get();
    return newestFirst(snap.docs.map((d) => eventFromData(d.data())));
  }

  async pendingExports(limit = 200): Promise<OutboxEntry[]> {
    const snap = await this.db
      .collection(HEAL_OUTBOX_COLLECTION)
      .where('pending', '==', true)
      .limit(limit)
      .get();
    return oldestFirst(
      snap.docs.map((d) => {
        const data = d.data();
        return {
          key: String(data.key ?? d.id),
          heal_id: String(data.heal_id),
          created_at: toDate(data.created_at) ?? new Date(0),
          event: eventFromData(data.event as DocumentData),
        };
      }),
    );
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
