/**
 * In-memory alert and lease stores: the bot's own state kept for one process only. Used by replay and rule
 * tests (a simulated run must never write to the real stores) and by unit tests.
 */
import { isActive } from '../../alerts/active.js';
import type { AlertMutation, AlertRecord, AlertStore, LeaseStore } from '../../alerts/types.js';
import { byStartDesc, type Silence, type SilenceStore } from '../../oncall/silences.js';

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

/** Silences for one process (replay and rule tests start with none; a simulated run never mutes for real). */
export class MemorySilenceStore implements SilenceStore {
  private readonly silences = new Map<string, Silence>();
  async create(silence: Silence) {
    if (this.silences.has(silence.id)) return false;
    this.silences.set(silence.id, structuredClone(silence));
    return true;
  }
  async get(id: string) {
    return this.silences.get(id);
  }
  async listUnsummarized() {
    return [...this.silences.values()].filter((s) => !s.summarized_at).sort(byStartDesc);
  }
  async end(id: string, by: string, at: Date) {
    const s = this.silences.get(id);
    if (!s || s.ends_at.getTime() <= at.getTime()) return s;
    const next = { ...s, ends_at: at, ended_by: by };
    this.silences.set(id, next);
    return next;
  }
  async claimSummary(id: string, at: Date) {
    const s = this.silences.get(id);
    if (!s || s.summarized_at) return false;
    this.silences.set(id, { ...s, summarized_at: at });
    return true;
  }
}
