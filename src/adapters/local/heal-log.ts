/**
 * The heal log of local mode, in the embedded SQLite store. Lock + event + outbox row are written in
 * one `BEGIN IMMEDIATE` transaction: the write lock is taken before the lock row is read, so two
 * processes sharing the file (the bot and the CLI) can never both see the lock free.
 */
import type {
  BeginResult,
  HealEvent,
  HealListQuery,
  HealLock,
  HealLog,
  HealOutcomePatch,
  HealSource,
  HealStatus,
  HealVerified,
  OutboxEntry,
} from '../../heal/ports.js';
import { HEAL_EVENT_FIELDS, HealStateConflict, lockKey, outboxKey } from '../../heal/ports.js';
import type { IsoDate } from '../../pipeline/types.js';
import type { Db } from './db.js';

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

interface EventRow {
  heal_id: string;
  transition: string;
  game_date: string;
  source: string;
  requested_by: string;
  status: string;
  reason: string | null;
  job_name: string | null;
  location: string | null;
  trigger_command: string | null;
  processors_complete: number | null;
  expected_processors: number | null;
  requested_at: string;
  finished_at: string | null;
  error: string | null;
  verified: string | null;
}

interface LockRow {
  transition: string;
  game_date: string;
  heal_id: string;
  requested_by: string;
  requested_at: string;
  expires_at: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toRow(e: HealEvent): EventRow {
  return { ...e, requested_at: e.requested_at.toISOString(), finished_at: iso(e.finished_at) };
}

function fromRow(r: EventRow): HealEvent {
  return {
    heal_id: r.heal_id,
    transition: r.transition,
    game_date: r.game_date,
    source: r.source as HealSource,
    requested_by: r.requested_by,
    status: r.status as HealStatus,
    reason: r.reason,
    job_name: r.job_name,
    location: r.location,
    trigger_command: r.trigger_command,
    processors_complete: r.processors_complete,
    expected_processors: r.expected_processors,
    requested_at: new Date(r.requested_at),
    finished_at: r.finished_at ? new Date(r.finished_at) : null,
    error: r.error,
    verified: (r.verified as HealVerified | null) ?? null,
  };
}

function fromLock(r: LockRow): HealLock {
  return {
    transition: r.transition,
    game_date: r.game_date,
    heal_id: r.heal_id,
    requested_by: r.requested_by,
    requested_at: new Date(r.requested_at),
    expires_at: new Date(r.expires_at),
  };
}

/** One column per §5 field. */
const COLUMNS = HEAL_EVENT_FIELDS;

export class LocalHealLog implements HealLog {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  private insertEvent(e: HealEvent): void {
    this.db
      .prepare(
        `INSERT INTO heal_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})
         ON CONFLICT(heal_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'heal_id')
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}`,
      )
      .run(toRow(e));
  }

  private enqueue(key: string, e: HealEvent, at: Date): void {
    this.db
      .prepare(
        `INSERT INTO heal_outbox (key, heal_id, created_at, event, exported_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at, event = excluded.event, exported_at = NULL`,
      )
      .run(key, e.heal_id, at.toISOString(), JSON.stringify(toRow(e)));
  }

  private readEvent(healId: string): HealEvent | undefined {
    const row = this.db.prepare('SELECT * FROM heal_events WHERE heal_id = ?').get(healId) as
      | EventRow
      | undefined;
    return row ? fromRow(row) : undefined;
  }

  private readLock(key: string): HealLock | undefined {
    const row = this.db.prepare('SELECT * FROM heal_locks WHERE key = ?').get(key) as LockRow | undefined;
    return row ? fromLock(row) : undefined;
  }

  async begin(event: HealEvent, cooldownMs: number): Promise<BeginResult> {
    const key = lockKey(event.transition, event.game_date);
    const tx = this.db.transaction((): BeginResult => {
      const lock = this.readLock(key);
      if (lock && lock.expires_at.getTime() > event.requested_at.getTime()) {
        return { ok: false, lock, holder: this.readEvent(lock.heal_id) };
      }
      this.db
        .prepare(
          `INSERT INTO heal_locks (key, transition, game_date, heal_id, requested_by, requested_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(key) DO UPDATE SET heal_id = excluded.heal_id, requested_by = excluded.requested_by,
             requested_at = excluded.requested_at, expires_at = excluded.expires_at`,
        )
        .run(
          key,
          event.transition,
          event.game_date,
          event.heal_id,
          event.requested_by,
          event.requested_at.toISOString(),
          new Date(event.requested_at.getTime() + cooldownMs).toISOString(),
        );
      this.insertEvent(event);
      this.enqueue(outboxKey(event.heal_id, event.status), event, event.requested_at);
      return { ok: true };
    });
    return tx.immediate();
  }

  async record(event: HealEvent): Promise<void> {
    this.db
      .transaction(() => {
        this.insertEvent(event);
        this.enqueue(outboxKey(event.heal_id, event.status), event, event.finished_at ?? event.requested_at);
      })
      .immediate();
  }

  async finish(healId: string, patch: HealOutcomePatch): Promise<HealEvent> {
    return this.db
      .transaction((): HealEvent => {
        const current = this.readEvent(healId);
        if (!current) throw new Error(`heal ${healId} not found`);
        if (patch.onlyIfStatus && current.status !== patch.onlyIfStatus)
          throw new HealStateConflict(healId, current.status);
        const next: HealEvent = {
          ...current,
          status: patch.status,
          finished_at: patch.finished_at,
          error: patch.error ?? current.error,
          reason: patch.reason ?? current.reason,
        };
        this.insertEvent(next);
        this.enqueue(outboxKey(healId, next.status), next, patch.finished_at);
        if (patch.releaseLock) this.releaseSync(current.transition, current.game_date, healId);
        return next;
      })
      .immediate();
  }

  private releaseSync(transition: string, date: IsoDate, healId: string): void {
    this.db
      .prepare('DELETE FROM heal_locks WHERE key = ? AND heal_id = ?')
      .run(lockKey(transition, date), healId);
  }

  async release(transition: string, date: IsoDate, healId: string): Promise<void> {
    this.releaseSync(transition, date, healId);
  }

  async setVerified(healId: string, verified: HealVerified, at: Date): Promise<HealEvent | undefined> {
    return this.db
      .transaction((): HealEvent | undefined => {
        const current = this.readEvent(healId);
        if (!current) return undefined;
        const next = { ...current, verified };
        this.insertEvent(next);
        this.enqueue(outboxKey(healId, 'verified'), next, at);
        return next;
      })
      .immediate();
  }

  async get(healId: string): Promise<HealEvent | undefined> {
    return this.readEvent(healId);
  }

  async currentLock(transition: string, date: IsoDate, now: Date): Promise<HealLock | undefined> {
    const lock = this.readLock(lockKey(transition, date));
    return lock && lock.expires_at.getTime() > now.getTime() ? lock : undefined;
  }

  async list(q: HealListQuery): Promise<HealEvent[]> {
    const rows = (
      q.transition
        ? this.db
            .prepare(
              'SELECT * FROM heal_events WHERE requested_at >= ? AND transition = ? ORDER BY requested_at DESC, heal_id DESC LIMIT ?',
            )
            .all(q.since.toISOString(), q.transition, q.limit ?? 500)
        : this.db
            .prepare(
              'SELECT * FROM heal_events WHERE requested_at >= ? ORDER BY requested_at DESC, heal_id DESC LIMIT ?',
            )
            .all(q.since.toISOString(), q.limit ?? 500)
    ) as EventRow[];
    return rows.map(fromRow);
  }

  async forRun(transition: string, date: IsoDate): Promise<HealEvent[]> {
    const rows = this.db
      .prepare(
        'SELECT * FROM heal_events WHERE transition = ? AND game_date = ? ORDER BY requested_at DESC, heal_id DESC',
      )
      .all(transition, date) as EventRow[];
    return rows.map(fromRow);
  }

  async inStatus(status: HealStatus, limit = 100): Promise<HealEvent[]> {
    const rows = this.db
      .prepare('SELECT * FROM heal_events WHERE status = ? ORDER BY requested_at DESC LIMIT ?')
      .all(status, limit) as EventRow[];
    return rows.map(fromRow);
  }

  async pendingExports(limit = 200): Promise<OutboxEntry[]> {
    const rows = this.db
      .prepare(
        'SELECT key, heal_id, created_at, event FROM heal_outbox WHERE exported_at IS NULL ORDER BY created_at, key LIMIT ?',
      )
      .all(limit) as { key: string; heal_id: string; created_at: string; event: string }[];
    return rows.map((r) => ({
      key: r.key,
      heal_id: r.heal_id,
      created_at: new Date(r.created_at),
      event: fromRow(JSON.parse(r.event) as EventRow),
    }));
  }

  async markExported(keys: string[], at: Date): Promise<void> {
    if (keys.length === 0) return;
    const stmt = this.db.prepare('UPDATE heal_outbox SET exported_at = ? WHERE key = ?');
    this.db.transaction(() => {
      for (const k of keys) stmt.run(at.toISOString(), k);
    })();
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }
}
