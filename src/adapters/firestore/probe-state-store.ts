/**
 * Probe states in Firestore: `pipeline_bot_service_health/{docId(name)}` with `{name,
 * consecutiveFailures, failingSince, lastOkAt, lastProbeAt, lastLatencyMs}` (Dates as Timestamps).
 * Read in one batched `getAll`, written in one batch. Ticks run under the checks lease, so one
 * instance writes at a time.
 */
import type { Firestore } from '@google-cloud/firestore';
import type { ProbeState, ProbeStateStore } from '../../monitors/ports.js';
import { toDate } from '../../pipeline/completion.js';
import { docId } from './alert-store.js';

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
    const snaps = await this.db.getAll(...names.map((n) => this.ref(n)));
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
    await batch.commit();
  }
}
