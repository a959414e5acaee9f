/**
 * In-memory alert and lease stores: the bot's own state kept for one process only. Used by replay and rule
 * tests (a simulated run must never write to the real stores) and by unit tests.
 */
import { isActive } from '../../alerts/active.js';
import type { AlertMutation, AlertRecord, AlertStore, LeaseStore } from '../../alerts/types.js';

export class MemoryAlertStore implements AlertStore {
  readonly records = new Map<string, AlertRecord>();
  async get(fp: string) {
    return this.records.get(fp);
  }
  async listActive() {
    return [...this.records.values()].filter(isActive);
  }
  async listSince(since: Date) {
    return [...this.records.values()].filter((a) => a.lastSeenAt >= since);
  }
  async update(fp: string, fn: AlertMutation) {
    const next = fn(this.records.get(fp));
    if (next) this.records.set(fp, structuredClone(next));
    return next;
  }
}

export class MemoryLeaseStore implements LeaseStore {
  private leases = new Map<string, { holder: string; until: number }>();
  private done = new Map<string, Date>();
  async acquire(name: string, holder: string, ttlMs: number, now: Date) {
    const cur = this.leases.get(name);
    if (cur && cur.holder !== holder && cur.until > now.getTime()) return false;
    this.leases.set(name, { holder, until: now.getTime() + ttlMs });
    return true;
  }
  async release(name: string, holder: string) {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }
  async markCompleted(name: string, at: Date) {
    this.done.set(name, at);
  }
  async lastCompleted(name: string) {
    return this.done.get(name);
  }
}
