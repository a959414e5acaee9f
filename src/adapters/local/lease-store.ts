/**
 * Leases of local mode, in the embedded SQLite store, so the bot and a CLI (or two bots) sharing the
 * file never run the same tick twice. Times are epoch milliseconds.
 */
import type { LeaseStore } from '../../alerts/types.js';
import type { Db } from './db.js';

/**
 * Why two tables: a lease expires, a job's last completion must not (as in Firestore); IF NOT EXISTS: run on
 * every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lease_completions (name TEXT PRIMARY KEY, completed_at INTEGER NOT NULL);
`;

export class LocalLeaseStore implements LeaseStore {
  private readonly take;
  private readonly drop;
  private readonly complete;
  private readonly selectCompleted;

  constructor(db: Db) {
    db.exec(SCHEMA);
    // One statement, so atomic on its own: the row is written only when absent, expired or ours.
    this.take = db.prepare<{ name: string; holder: string; until: number; now: number }>(
      `INSERT INTO leases (name, holder, until, acquired_at) VALUES (@name, @holder, @until, @now)
       ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until, acquired_at = excluded.acquired_at
       WHERE leases.until <= @now OR leases.holder = excluded.holder`,
    );
    this.drop = db.prepare<[string, string]>('DELETE FROM leases WHERE name = ? AND holder = ?');
    this.complete = db.prepare<[string, number]>(
      `INSERT INTO lease_completions (name, completed_at) VALUES (?, ?)
       ON CONFLICT(name) DO UPDATE SET completed_at = MAX(completed_at, excluded.completed_at)`,
    );
    this.selectCompleted = db.prepare<[string], { completed_at: number }>(
      'SELECT completed_at FROM lease_completions WHERE name = ?',
    );
  }

  /** Free when absent or expired (`until <= now`); the current holder renews (the expiry moves to now + ttl). */
  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const at = now.getTime();
    return this.take.run({ name, holder, until: at + ttlMs, now: at }).changes === 1;
  }

  async release(name: string, holder: string): Promise<void> {
    this.drop.run(name, holder);
  }

  /** Keeps the latest time: an instance finishing late with an older run does not move it back. */
  async markCompleted(name: string, at: Date): Promise<void> {
    this.complete.run(name, at.getTime());
  }

  async lastCompleted(name: string): Promise<Date | undefined> {
    const row = this.selectCompleted.get(name);
    return row ? new Date(row.completed_at) : undefined;
  }
}
