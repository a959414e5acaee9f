/**
 * One read of the open alerts per checks tick (README *Benchmarks*, growth): the tick's steps (results,
 * silences, reminders, escalation, storms, delivery) list the active alerts from one copy, which the
 * tick's own writes keep current. Every decision is still re-made inside the store's transaction on a
 * fresh record, so a copy that another writer made stale costs at most a no-op write, never a wrong one;
 * what another writer changed mid-tick is seen on the next tick.
 */
import { byFirstSeen, isActive } from './store-rules.js';
import type { AlertMutation, AlertRecord, AlertStore } from './types.js';

export class TickAlertStore implements AlertStore {
  private active?: Promise<Map<string, AlertRecord>>;

  constructor(private readonly inner: AlertStore) {}

  get(fingerprint: string): Promise<AlertRecord | undefined> {
    return this.inner.get(fingerprint);
  }

  listSince(since: Date): Promise<AlertRecord[]> {
    return this.inner.listSince(since);
  }

  async listActive(): Promise<AlertRecord[]> {
    this.active ??= this.inner.listActive().then((all) => new Map(all.map((a) => [a.fingerprint, a])));
    return [...(await this.active).values()].sort(byFirstSeen);
  }

  async update(fingerprint: string, fn: AlertMutation): Promise<AlertRecord | undefined> {
    const next = await this.inner.update(fingerprint, fn);
    if (next && this.active) {
      const copy = await this.active;
      if (isActive(next)) copy.set(fingerprint, next);
      else copy.delete(fingerprint);
    }
    return next;
  }
}
