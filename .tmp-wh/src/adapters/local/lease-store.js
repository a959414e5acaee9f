const SCHEMA = `
CREATE TABLE IF NOT EXISTS leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  until INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lease_completions (name TEXT PRIMARY KEY, completed_at INTEGER NOT NULL);
`;
export class LocalLeaseStore {
    take;
    drop;
    complete;
    selectCompleted;
    constructor(db) {
        db.exec(SCHEMA);
        // One statement, so atomic on its own: the row is written only when absent, expired or ours.
        this.take = db.prepare(`INSERT INTO leases (name, holder, until, acquired_at) VALUES (@name, @holder, @until, @now)
       ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, until = excluded.until, acquired_at = excluded.acquired_at
       WHERE leases.until <= @now OR leases.holder = excluded.holder`);
        this.drop = db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
        this.complete = db.prepare(`INSERT INTO lease_completions (name, completed_at) VALUES (?, ?)
       ON CONFLICT(name) DO UPDATE SET completed_at = MAX(completed_at, excluded.completed_at)`);
        this.selectCompleted = db.prepare('SELECT completed_at FROM lease_completions WHERE name = ?');
    }
    /** Free when absent or expired (`until <= now`); the current holder renews (the expiry moves to now + ttl). */
    async acquire(name, holder, ttlMs, now) {
        const at = now.getTime();
        return this.take.run({ name, holder, until: at + ttlMs, now: at }).changes === 1;
    }
    async release(name, holder) {
        this.drop.run(name, holder);
    }
    /** Keeps the latest time: an instance finishing late with an older run does not move it back. */
    async markCompleted(name, at) {
        this.complete.run(name, at.getTime());
    }
    async lastCompleted(name) {
        const row = this.selectCompleted.get(name);
        return row ? new Date(row.completed_at) : undefined;
    }
}
//# sourceMappingURL=lease-store.js.map