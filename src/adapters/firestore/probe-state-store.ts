/**
 * Probe states in Firestore: `pipeline_bot_service_health/{docId(name)}` with `{name,
 * consecutiveFailures, failingSince, lastOkAt, lastProbeAt, lastLatencyMs}` (Dates as Timestamps).
 * Read in one batched `getAll`, written in one batch. Ticks run under the checks lease, so one
 * instance writes at a time.
 */

import type { Firestore } from '@google-cloud/firestore';
import type { ProbeState, ProbeStateStore } from '../../monitors/ports.js';
import { toDate } from '../../pipeline/completion.js';
import { DeadlineError, withDeadline } from '../../util/deadline.js';
import { docId } from './alert-store.js';
import { READ_TIMEOUT_MS } from './completion-store.js';

/** Why this name: the bot's own state is under `pipeline_bot_` (SPEC §8); one document per probed service. */
export const SERVICE_HEALTH_COLLECTION = 'pipeline_bot_service_health';

export class FirestoreProbeStateStore implements ProbeStateStore {
  constructor(private readonly db: Firestore) {}

  private ref(name: string) {
    return this.db.collection(SERVICE_HEALTH_COLLECTION).doc(docId(name));
  }

  async getMany(names: string[]): Promise<Map<string, ProbeState>> {
    const found = new Map<string, ProbeState>();
    if (names.length === 0) return found;
    // Bounded like the completion reads: a silent Firestore must not stall the tick (and queue the next ones).
    const snaps = await withDeadline(
      this.db.getAll(...names.map((n) => this.ref(n))),
      READ_TIMEOUT_MS,
      () =>
        new DeadlineError(`Firestore did not answer the probe-state read within ${READ_TIMEOUT_MS / 1000} s`),
    );
    for (const snap of snaps) {
      if (!snap.exists) continue;
      const d = snap.data()!;
      found.set(d.name, {
        name: d.name,
        consecutiveFailures: d.consecutiveFailures,
        failingSince: toDate(d.failingSince),
        lastOkAt: toDate(d.lastOkAt),
        lastProbeAt: toDate(d.lastProbeAt)!,
        lastLatencyMs: d.lastLatencyMs,
      });
    }
    return found;
  }

  async putMany(states: ProbeState[]): Promise<void> {
    if (states.length === 0) return;
    const batch = this.db.batch();
    for (const s of states) {
      batch.set(this.ref(s.name), {
        name: s.name,
        consecutiveFailures: s.consecutiveFailures,
        failingSince: s.failingSince ?? null,
        lastOkAt: s.lastOkAt ?? null,
        lastProbeAt: s.lastProbeAt,
        lastLatencyMs: s.lastLatencyMs,
      });
    }
    await withDeadline(
      batch.commit(),
      READ_TIMEOUT_MS,
      () =>
        new DeadlineError(
          `Firestore did not answer the probe-state write within ${READ_TIMEOUT_MS / 1000} s`,
        ),
    );
  }
}
