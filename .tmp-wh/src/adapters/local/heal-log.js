import { HealStateConflict, lockKey, outboxKey } from '../../heal/ports.js';
const SCHEMA = `
CREATE TABLE IF NOT EXISTS heal_events (
  heal_id TEXT PRIMARY KEY,
  transition TEXT NOT NULL,
  game_date TEXT NOT NULL,
  source TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  job_name TEXT,
  location TEXT,
  trigger_command TEXT,
  processors_complete INTEGER,
  expected_processors INTEGER,
  requested_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  verified TEXT
);
CREATE INDEX IF NOT EXISTS heal_events_requested_at ON heal_events (requested_at);
CREATE INDEX IF NOT EXISTS heal_events_run ON heal_events (transition, game_date);
CREATE INDEX IF NOT EXISTS heal_events_status ON heal_events (status);
CREATE TABLE IF NOT EXISTS heal_locks (
  key TEXT PRIMARY KEY,
  transition TEXT NOT NULL,
  game_date TEXT NOT NULL,
  heal_id TEXT NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS heal_outbox (
  key TEXT PRIMARY KEY,
  heal_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  event TEXT NOT NULL,
  exported_at TEXT
);
CREATE INDEX IF NOT EXISTS heal_outbox_pending ON heal_outbox (exported_at, created_at);
`;
const iso = (d) => (d ? d.toISOString() : null);
function toRow(e) {
    return { ...e, requested_at: e.requested_at.toISOString(), finished_at: iso(e.finished_at) };
}
function fromRow(r) {
    return {
        heal_id: r.heal_id,
        transition: r.transition,
        game_date: r.game_date,
        source: r.source,
        requested_by: r.requested_by,
        status: r.status,
        reason: r.reason,
        job_name: r.job_name,
        location: r.location,
        trigger_command: r.trigger_command,
        processors_complete: r.processors_complete,
        expected_processors: r.expected_processors,
        requested_at: new Date(r.requested_at),
        finished_at: r.finished_at ? new Date(r.finished_at) : null,
        error: r.error,
        verified: r.verified ?? null,
    };
}
function fromLock(r) {
    return {
        transition: r.transition,
        game_date: r.game_date,
        heal_id: r.heal_id,
        requested_by: r.requested_by,
        requested_at: new Date(r.requested_at),
        expires_at: new Date(r.expires_at),
    };
}
const COLUMNS = [
    'heal_id',
    'transition',
    'game_date',
    'source',
    'requested_by',
    'status',
    'reason',
    'job_name',
    'location',
    'trigger_command',
    'processors_complete',
    'expected_processors',
    'requested_at',
    'finished_at',
    'error',
    'verified',
];
export class LocalHealLog {
    db;
    constructor(db) {
        this.db = db;
        db.exec(SCHEMA);
    }
    insertEvent(e) {
        this.db
            .prepare(`INSERT INTO heal_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
         ON CONFLICT(heal_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'heal_id')
            .map((c) => `${c} = excluded.${c}`)
            .join(', ')}`)
            .run(toRow(e));
    }
    enqueue(key, e, at) {
        this.db
            .prepare(`INSERT INTO heal_outbox (key, heal_id, created_at, event, exported_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at, event = excluded.event, exported_at = NULL`)
            .run(key, e.heal_id, at.toISOString(), JSON.stringify(toRow(e)));
    }
    readEvent(healId) {
        const row = this.db.prepare('SELECT * FROM heal_events WHERE heal_id = ?').get(healId);
        return row ? fromRow(row) : undefined;
    }
    readLock(key) {
        const row = this.db.prepare('SELECT * FROM heal_locks WHERE key = ?').get(key);
        return row ? fromLock(row) : undefined;
    }
    async begin(event, cooldownMs) {
        const key = lockKey(event.transition, event.game_date);
        const tx = this.db.transaction(() => {
            const lock = this.readLock(key);
            if (lock && lock.expires_at.getTime() > event.requested_at.getTime()) {
                return { ok: false, lock, holder: this.readEvent(lock.heal_id) };
            }
            this.db
                .prepare(`INSERT INTO heal_locks (key, transition, game_date, heal_id, requested_by, requested_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET heal_id = excluded.heal_id, requested_by = excluded.requested_by,
             requested_at = excluded.requested_at, expires_at = excluded.expires_at`)
                .run(key, event.transition, event.game_date, event.heal_id, event.requested_by, event.requested_at.toISOString(), new Date(event.requested_at.getTime() + cooldownMs).toISOString());
            this.insertEvent(event);
            this.enqueue(outboxKey(event.heal_id, event.status), event, event.requested_at);
            return { ok: true };
        });
        return tx.immediate();
    }
    async record(event) {
        this.db
            .transaction(() => {
            this.insertEvent(event);
            this.enqueue(outboxKey(event.heal_id, event.status), event, event.finished_at ?? event.requested_at);
        })
            .immediate();
    }
    async finish(healId, patch) {
        return this.db
            .transaction(() => {
            const current = this.readEvent(healId);
            if (!current)
                throw new Error(`heal ${healId} not found`);
            if (patch.onlyIfStatus && current.status !== patch.onlyIfStatus)
                throw new HealStateConflict(healId, current.status);
            const next = {
                ...current,
                status: patch.status,
                finished_at: patch.finished_at,
                error: patch.error ?? current.error,
                reason: patch.reason ?? current.reason,
            };
            this.insertEvent(next);
            this.enqueue(outboxKey(healId, next.status), next, patch.finished_at);
            if (patch.releaseLock)
                this.releaseSync(current.transition, current.game_date, healId);
            return next;
        })
            .immediate();
    }
    releaseSync(transition, date, healId) {
        this.db.prepare('DELETE FROM heal_locks WHERE key = ? AND heal_id = ?').run(lockKey(transition, date), healId);
    }
    async release(transition, date, healId) {
        this.releaseSync(transition, date, healId);
    }
    async setVerified(healId, verified, at) {
        return this.db
            .transaction(() => {
            const current = this.readEvent(healId);
            if (!current)
                return undefined;
            const next = { ...current, verified };
            this.insertEvent(next);
            this.enqueue(outboxKey(healId, 'verified'), next, at);
            return next;
        })
            .immediate();
    }
    async get(healId) {
        return this.readEvent(healId);
    }
    async currentLock(transition, date, now) {
        const lock = this.readLock(lockKey(transition, date));
        return lock && lock.expires_at.getTime() > now.getTime() ? lock : undefined;
    }
    async list(q) {
        const rows = (q.transition
            ? this.db
                .prepare('SELECT * FROM heal_events WHERE requested_at >= ? AND transition = ? ORDER BY requested_at DESC, heal_id DESC LIMIT ?')
                .all(q.since.toISOString(), q.transition, q.limit ?? 500)
            : this.db
                .prepare('SELECT * FROM heal_events WHERE requested_at >= ? ORDER BY requested_at DESC, heal_id DESC LIMIT ?')
                .all(q.since.toISOString(), q.limit ?? 500));
        return rows.map(fromRow);
    }
    async forRun(transition, date) {
        const rows = this.db
            .prepare('SELECT * FROM heal_events WHERE transition = ? AND game_date = ? ORDER BY requested_at DESC, heal_id DESC')
            .all(transition, date);
        return rows.map(fromRow);
    }
    async inStatus(status, limit = 100) {
        const rows = this.db
            .prepare('SELECT * FROM heal_events WHERE status = ? ORDER BY requested_at DESC LIMIT ?')
            .all(status, limit);
        return rows.map(fromRow);
    }
    async pendingExports(limit = 200) {
        const rows = this.db
            .prepare('SELECT key, heal_id, created_at, event FROM heal_outbox WHERE exported_at IS NULL ORDER BY created_at, key LIMIT ?')
            .all(limit);
        return rows.map((r) => ({
            key: r.key,
            heal_id: r.heal_id,
            created_at: new Date(r.created_at),
            event: fromRow(JSON.parse(r.event)),
        }));
    }
    async markExported(keys, at) {
        if (keys.length === 0)
            return;
        const stmt = this.db.prepare('UPDATE heal_outbox SET exported_at = ? WHERE key = ?');
        this.db.transaction(() => {
            for (const k of keys)
                stmt.run(at.toISOString(), k);
        })();
    }
    async ping() {
        this.db.prepare('SELECT 1').get();
    }
}
//# sourceMappingURL=heal-log.js.map