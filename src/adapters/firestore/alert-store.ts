/**
 * Alert records in Firestore (SPEC §4, §8): `pipeline_bot_alerts/{docId(fingerprint)}`, the record's
 * fields natively (Dates as Timestamps, nested ones too) plus two maintained fields for queries:
 * - `active`: state !== 'resolved' || outbox non-empty (what `listActive` reads);
 * - `touchedAt`: the latest of firstSeenAt, firingSince, lastSeenAt, resolvedAt (what `listSince` reads).
 * Each query is a single-field filter, so no composite index is needed.
 */
import type { DocumentData, Firestore } from '@google-cloud/firestore';
import { byFirstSeen, byTouchedDesc, isActive, touchedAt } from '../../alerts/store-rules.js';
import type { AlertMutation, AlertRecord, AlertStore } from '../../alerts/types.js';

/**
 * Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); one document per alert fingerprint.
 */
export const ALERTS_COLLECTION = 'pipeline_bot_alerts';

/** Why so many: several instances (and a burst of button clicks) contend on one alert document. */
const TRANSACTION_ATTEMPTS = 25;

/**
 * A document id for any key: `/` is a path separator, `.`/`..` and `__x__` are reserved. Percent-encoding
 * is injective, so two keys never share a document; the key itself is stored as a field.
 */
export function docId(key: string): string {
  return encodeURIComponent(key).replace(/\./g, '%2E').replace(/^__/, '%5F%5F');
}

/** Undefined properties are dropped here as well, so the store does not depend on the client's settings. */
function toFirestore(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : toFirestore(v)));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toFirestore(v);
    return out;
  }
  return value;
}

/** Timestamps (anything with `toDate()`) become Dates at any depth. */
function fromFirestore(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toDate?: unknown }).toDate === 'function')
    return (value as { toDate(): Date }).toDate();
  if (Array.isArray(value)) return value.map(fromFirestore);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fromFirestore(v);
  return out;
}

export function alertToData(r: AlertRecord): DocumentData {
  return { ...(toFirestore(r) as DocumentData), active: isActive(r), touchedAt: touchedAt(r) };
}

export function alertFromData(data: DocumentData): AlertRecord {
  const { active: _active, touchedAt: _touchedAt, ...record } = fromFirestore(data) as DocumentData;
  return record as AlertRecord;
}

interface Pending {
  fn: AlertMutation;
  resolve(record: AlertRecord | undefined): void;
  reject(err: unknown): void;
}

type Outcome = { ok: true; record: AlertRecord | undefined } | { ok: false; err: unknown };

export class FirestoreAlertStore implements AlertStore {
  /** Updates waiting for the one in flight, per fingerprint (see `update`). */
  private readonly queued = new Map<string, Pending[]>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly db: Firestore) {}

  private ref(fingerprint: string) {
    return this.db.collection(ALERTS_COLLECTION).doc(docId(fingerprint));
  }

  async get(fingerprint: string): Promise<AlertRecord | undefined> {
    const snap = await this.ref(fingerprint).get();
    return snap.exists ? alertFromData(snap.data()!) : undefined;
  }

  async listActive(): Promise<AlertRecord[]> {
    const snap = await this.db.collection(ALERTS_COLLECTION).where('active', '==', true).get();
    return snap.docs.map((d) => alertFromData(d.data())).sort(byFirstSeen);
  }

  /** Alerts with any activity since `since`: first seen, (re-)fired, seen again or resolved. */
  async listSince(since: Date): Promise<AlertRecord[]> {
    const snap = await this.db.collection(ALERTS_COLLECTION).where('touchedAt', '>=', since).get();
    return snap.docs.map((d) => alertFromData(d.data())).sort(byTouchedDesc);
  }

  /**
   * A Firestore transaction: read, `fn`, write. On contention the library retries the whole
   * transaction, so `fn` may run several times (each time on the freshly read record) and must have
   * no side effects; only the last run's result is committed. Returns the record as stored after
   * the call (the current one when `fn` returned undefined); a throwing `fn` rejects its own call only.
   *
   * Calls for one fingerprint on this instance are queued and those waiting are applied together,
   * in call order, in the next transaction: each `fn` sees the previous one's result. Why: contending
   * transactions on one document back off for seconds, so a burst on one instance must not contend
   * with itself; only other instances contend.
   */
  update(fingerprint: string, fn: AlertMutation): Promise<AlertRecord | undefined> {
    return new Promise((resolve, reject) => {
      const queue = this.queued.get(fingerprint);
      if (queue) queue.push({ fn, resolve, reject });
      else this.queued.set(fingerprint, [{ fn, resolve, reject }]);
      if (!this.inFlight.has(fingerprint)) void this.drain(fingerprint);
    });
  }

  private async drain(fingerprint: string): Promise<void> {
    this.inFlight.add(fingerprint);
    try {
      for (;;) {
        const batch = this.queued.get(fingerprint);
        if (!batch) return;
        this.queued.delete(fingerprint);
        try {
          const outcomes = await this.commit(fingerprint, batch);
          batch.forEach((p, i) => {
            const o = outcomes[i]!;
            if (o.ok) p.resolve(o.record);
            else p.reject(o.err);
          });
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.inFlight.delete(fingerprint);
    }
  }

  private commit(fingerprint: string, batch: Pending[]): Promise<Outcome[]> {
    const ref = this.ref(fingerprint);
    return this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(ref);
        let record = snap.exists ? alertFromData(snap.data()!) : undefined;
        let changed = false;
        const outcomes = batch.map(({ fn }): Outcome => {
          try {
            // A copy, so that a `fn` mutating its argument cannot alter what an earlier caller got back.
            const next = fn(record && structuredClone(record));
            if (next === undefined) return { ok: true, record };
            if (next.fingerprint !== fingerprint) {
              throw new Error(`alert update of ${fingerprint} returned a record for ${next.fingerprint}`);
            }
            record = next;
            changed = true;
            return { ok: true, record };
          } catch (err) {
            return { ok: false, err };
          }
        });
        if (changed) tx.set(ref, alertToData(record!));
        return outcomes;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }
}
