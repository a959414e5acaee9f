/** In-memory ports for unit tests: an alert store, a lease store and a chat that records and can fail. */
import { isActive } from '../../src/adapters/firestore/alert-store.js';
import type { AlertMutation, AlertRecord, AlertStore, LeaseStore } from '../../src/alerts/types.js';
import type { Chat, ChatMessage, PostedMessage } from '../../src/ports.js';

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

export interface ChatCall {
  kind: 'post' | 'update';
  message: ChatMessage & { ts?: string };
}

export class RecordingChat implements Chat {
  readonly calls: ChatCall[] = [];
  failing = false;
  private seq = 0;
  async post(message: ChatMessage): Promise<PostedMessage> {
    if (this.failing) throw new Error('slack down');
    this.calls.push({ kind: 'post', message });
    return { channel: message.channel, ts: `1700000000.${String(++this.seq).padStart(6, '0')}` };
  }
  async update(message: ChatMessage & { ts: string }) {
    if (this.failing) throw new Error('slack down');
    this.calls.push({ kind: 'update', message });
  }
  async usergroupMembers() {
    return [];
  }
  roots() {
    return this.calls.filter((c) => c.kind === 'post' && !c.message.threadTs);
  }
  threadReplies(ts?: string) {
    return this.calls.filter(
      (c) => c.kind === 'post' && c.message.threadTs && (!ts || c.message.threadTs === ts),
    );
  }
  updates() {
    return this.calls.filter((c) => c.kind === 'update');
  }
}
