/**
 * A lease store that remembers which leases this process holds, so that shutdown can release them and
 * another instance takes over at once instead of after the lease's expiry.
 */
import type { LeaseStore } from './types.js';

export class HeldLeases implements LeaseStore {
  /** Lease name → holder, for leases acquired and not yet released by this process. */
  private readonly held = new Map<string, string>();

  constructor(private readonly store: LeaseStore) {}

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const ok = await this.store.acquire(name, holder, ttlMs, now);
    if (ok) this.held.set(name, holder);
    return ok;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.store.release(name, holder);
    if (this.held.get(name) === holder) this.held.delete(name);
  }

  markCompleted(name: string, at: Date): Promise<void> {
    return this.store.markCompleted(name, at);
  }

  lastCompleted(name: string): Promise<Date | undefined> {
    return this.store.lastCompleted(name);
  }

  /** Names of the leases currently held. */
  names(): string[] {
    return [...this.held.keys()];
  }

  /** Releases every lease still held (a run cut short by shutdown); failures are returned, not thrown. */
  async releaseAll(): Promise<Error[]> {
    const results = await Promise.allSettled(
      [...this.held].map(([name, holder]) => this.release(name, holder)),
    );
    return results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  }
}
