/**
 * Leases in Firestore (SPEC §7 multi-instance): `pipeline_bot_leases/{name}` holds `{name, holder,
 * until, acquiredAt}`; completed runs are kept apart in `pipeline_bot_runs/{name}` so that releasing
 * (deleting) a lease never loses the bookkeeping.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { LeaseStore } from '../../alerts/types.js';
import { toDate } from '../../pipeline/completion.js';
import { docId } from './alert-store.js';

/** Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); one lease per scheduled job. */
export const LEASES_COLLECTION = 'pipeline_bot_leases';
/** Why apart from the leases: a job's last completion must outlive its lease (stale-run notice, digest). */
export const RUNS_COLLECTION = 'pipeline_bot_runs';

/** Why 5: after a lost race the re-read almost always finds the winner's lease; 5 bounds bad luck. */
const CAS_ATTEMPTS = 5;

/** Why 6, 9, 5: ALREADY_EXISTS, FAILED_PRECONDITION, NOT_FOUND: the document changed since our read. */
const RACE_CODES = new Set([6, 9, 5]);
const lostRace = (err: unknown) => RACE_CODES.has((err as { code?: number }).code ?? -1);

/**
 * Acquire and release are compare-and-set writes (`create`, or a precondition on the update time of
 * the document read) rather than transactions. Why: at every tick all instances race for the lease,
 * and a losing transaction backs off for a second or more before it can even answer "taken".
 */
export class FirestoreLeaseStore implements LeaseStore {
  constructor(private readonly db: Firestore) {}

  private leaseRef(name: string) {
    return this.db.collection(LEASES_COLLECTION).doc(docId(name));
  }

  private runRef(name: string) {
    return this.db.collection(RUNS_COLLECTION).doc(docId(name));
  }

  /** Free when absent or expired (`until <= now`); the current holder renews (the expiry moves to now + ttl). */
  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const ref = this.leaseRef(name);
    const lease = { name, holder, until: new Date(now.getTime() + ttlMs), acquiredAt: now };
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const snap = await ref.get();
      if (snap.exists) {
        const data = snap.data()!;
        const until = toDate(data.until)?.getTime() ?? 0;
        if (data.holder !== holder && until > now.getTime()) return false;
      }
      try {
        if (snap.exists) await ref.update(lease, { lastUpdateTime: snap.updateTime! });
        else await ref.create(lease);
        return true;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
    return false;
  }

  async release(name: string, holder: string): Promise<void> {
    const ref = this.leaseRef(name);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const snap = await ref.get();
      if (!snap.exists || snap.data()!.holder !== holder) return;
      try {
        await ref.delete({ lastUpdateTime: snap.updateTime! });
        return;
      } catch (err) {
        if (!lostRace(err)) throw err;
      }
    }
  }

  /** Keeps the latest time: an instance finishing late with an older run does not move it back. */
  async markCompleted(name: string, at: Date): Promise<void> {
    const ref = this.runRef(name);
    await this.db.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const last = snap.exists ? toDate(snap.data()!.completedAt) : undefined;
      if (last && last.getTime() >= at.getTime()) return;
      tx.set(ref, { name, completedAt: at });
    });
  }

  async lastCompleted(name: string): Promise<Date | undefined> {
    const snap = await this.runRef(name).get();
    return snap.exists ? toDate(snap.data()!.completedAt) : undefined;
  }
}
