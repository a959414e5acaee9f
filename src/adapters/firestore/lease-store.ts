/**
 * Leases in Firestore (SPEC §7 multi-instance): `pipeline_bot_leases/{name}` holds `{name, holder,
 * until, acquiredAt}`; completed runs are kept apart in `pipeline_bot_runs/{name}` so that releasing
 * (deleting) a lease never loses the bookkeeping.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { LeaseStore } from '../../alerts/types.js';
import { toDate } from '../../pipeline/completion.js';
import { docId } from './alert-store.js';

export const LEASES_COLLECTION = 'pipeline_bot_leases';
export const RUNS_COLLECTION = 'pipeline_bot_runs';

/** Why: every instance races for the same lease at each tick. */
const TRANSACTION_ATTEMPTS = 25;

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
    return this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(ref);
        if (snap.exists) {
          const data = snap.data()!;
          const until = toDate(data.until)?.getTime() ?? 0;
          if (data.holder !== holder && until > now.getTime()) return false;
        }
        tx.set(ref, { name, holder, until: new Date(now.getTime() + ttlMs), acquiredAt: now });
        return true;
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }

  async release(name: string, holder: string): Promise<void> {
    const ref = this.leaseRef(name);
    await this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(ref);
        if (snap.exists && snap.data()!.holder === holder) tx.delete(ref);
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }

  /** Keeps the latest time: an instance finishing late with an older run does not move it back. */
  async markCompleted(name: string, at: Date): Promise<void> {
    const ref = this.runRef(name);
    await this.db.runTransaction(
      async (tx) => {
        const snap = await tx.get(ref);
        const last = snap.exists ? toDate(snap.data()!.completedAt) : undefined;
        if (last && last.getTime() >= at.getTime()) return;
        tx.set(ref, { name, completedAt: at });
      },
      { maxAttempts: TRANSACTION_ATTEMPTS },
    );
  }

  async lastCompleted(name: string): Promise<Date | undefined> {
    const snap = await this.runRef(name).get();
    return snap.exists ? toDate(snap.data()!.completedAt) : undefined;
  }
}
