/**
 * The heal log of local mode, in the embedded SQLite store: storage only, the rules are the domain's
 * (`heal/log-rules.ts`) and the event columns come from `heal/columns.ts`. Lock + event + outbox row are
 * written in one `BEGIN IMMEDIATE` transaction: the write lock is taken before the lock row is read, so
 * two processes sharing the file (the bot and the CLI) can never both see the lock free.
 */
import { type ColumnKind, eventFromRecord, eventToRecord, HEAL_EVENT_COLUMNS } from '../../heal/columns.js';
import { applyOutcome, applyVerdict, isLive, newLock, outboxEntry } from '../../heal/log-rules.js';
import type {
  BeginResult,
  HealEvent,
  HealListQuery,
  HealLock,
  HealLog,
  HealOutcomePatch,
  HealStatus,
  HealVerified,
  OutboxEntry,
} from '../../heal/ports.js';
import { lockKey } from '../../heal/ports.js';
import type { IsoDate } from '../../pipeline/types.js';
import type { Db } from './db.js';

/** Why: SQLite's affinities for the column kinds (dates and instants as ISO text, which sorts). */
const SQLITE_TYPES: Record<ColumnKind, string> = {
  string: 'TEXT',
  integer: 'INTEGER',
  date: 'TEXT',
  timestamp: 'TEXT',
};

/** Why generated: from `heal/columns.ts`, so a new heal field is one edit there, not one here too. */
const EVENT_COLUMNS_DDL = HEAL_EVENT_COLUMNS.map(
  (c) =>
    `  ${c.name} ${SQLITE_TYPES[c.kind]}${c.name === 'heal_id' ? ' PRIMARY KEY' : c.required ? ' NOT NULL' : ''}`,
).join(',\n');

/**
 * Why three tables: events, locks and the BigQuery outbox, written in one transaction; IF NOT EXISTS: run on
 * every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS heal_events (
${EVENT_COLUMNS_DDL}
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

/** Why from the column table: the upsert names exactly the columns of `heal/columns.ts`. */
const NAMES = HEAL_EVENT_COLUMNS.map((c) => c.name);
/** Why an upsert: an event is rewritten with its outcome and verification under the same heal_id. */
const UPSERT_EVENT = `INSERT INTO heal_events (${NAMES.join(', ')}) VALUES (${NAMES.map((c) => `@${c}`).join(', ')})
  ON CONFLICT(heal_id) DO UPDATE SET ${NAMES.filter((c) => c !== 'heal_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

interface LockRow {
  transition: string;
  game_date: string;
  heal_id: string;
  requested_by: string;
  requested_at: string;
  expires_at: string;
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

type Row = Record<string, unknown>;

/** A store written by an older version lacks the columns added since (action, action_ref): add them, nullable. */
function addMissingColumns(db: Db): void {
  const present = new Set(
    (db.prepare('PRAGMA table_info(heal_events)').all() as { name: string }[]).map((c) => c.name),
  );
  for (const c of HEAL_EVENT_COLUMNS) {
    if (!present.has(c.name)) db.exec(`ALTER TABLE heal_events ADD COLUMN ${c.name} ${SQLITE_TYPES[c.kind]}`);
  }
}

export class LocalHealLog implements HealLog {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
    addMissingColumns(db);
  }

  private insertEvent(e: HealEvent): void {
    this.db.prepare(UPSERT_EVENT).run(eventToRecord(e));
  }

  private enqueue(entry: OutboxEntry): void {
    this.db
      .prepare(
        `INSERT INTO heal_outbox (key, heal_id, created_at, event, exported_at) VALUES (?, ?, ?, ?, NULL)
         ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at, event = excluded.event, exported_at = NULL`,
      )
      .run(
        entry.key,
        entry.heal_id,
        entry.created_at.toISOString(),
        JSON.stringify(eventToRecord(entry.event)),
      );
  }

  /** The event and its outbox row, together. */
  private write(event: HealEvent, entry: OutboxEntry): void {
    this.insertEvent(event);
    this.enqueue(entry);
  }

  private readEvent(healId: string): HealEvent | undefined {
    const row = this.db.prepare('SELECT * FROM heal_events WHERE heal_id = ?').get(healId) as Row | undefined;
    return row ? eventFromRecord(row) : undefined;
  }

  private readLock(key: string): HealLock | undefined {
    const row = this.db.prepare('SELECT * FROM heal_locks WHERE key = ?').get(key) as LockRow | undefined;
    return row ? fromLock(row) : undefined;
  }

  private writeLock(lock: HealLock): void {
    this.db
      .prepare(
        `INSERT INTO heal_locks (key, transition, game_date, heal_id, requested_by, requested_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET heal_id = excluded.heal_id, requested_by = excluded.requested_by,
           requested_at = excluded.requested_at, expires_at = excluded.expires_at`,
      )
      .run(
        lockKey(lock.transition, lock.game_date),
        lock.transition,
        lock.game_date,
        lock.heal_id,
        lock.requested_by,
        lock.requested_at.toISOString(),
        lock.expires_at.toISOString(),
      );
  }

  async begin(event: HealEvent, cooldownMs: number): Promise<BeginResult> {
    const tx = this.db.transaction((): BeginResult => {
      const lock = this.readLock(lockKey(event.transition, event.game_date));
      if (isLive(lock, event.requested_at)) return { ok: false, lock, holder: this.readEvent(lock.heal_id) };
      this.writeLock(newLock(event, cooldownMs));
      this.write(event, outboxEntry(event));
      return { ok: true };
    });
    return tx.immediate();
  }

  async record(event: HealEvent): Promise<void> {
    this.db.transaction(() => this.write(event, outboxEntry(event))).immediate();
  }

  async finish(healId: string, patch: HealOutcomePatch): Promise<HealEvent> {
    return this.db
      .transaction((): HealEvent => {
        const current = this.readEvent(healId);
        if (!current) throw new Error(`heal ${healId} not found`);
        const next = applyOutcome(current, patch);
        this.write(next, outboxEntry(next));
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
        const next = applyVerdict(current, verified);
        this.write(next, outboxEntry(next, at, 'verified'));
        return next;
      })
      .immediate();
  }

  async get(healId: string): Promise<HealEvent | undefined> {
    return this.readEvent(healId);
  }

  async currentLock(transition: string, date: IsoDate, now: Date): Promise<HealLock | undefined> {
    const lock = this.readLock(lockKey(transition, date));
    return isLive(lock, now) ? lock : undefined;
  }

  private events(where: string, ...params: unknown[]): HealEvent[] {
    const rows = this.db.prepare(`SELECT * FROM heal_events WHERE ${where}`).all(...params) as Row[];
    return rows.map(eventFromRecord);
  }

  async list(q: HealListQuery): Promise<HealEvent[]> {
    const order = 'ORDER BY requested_at DESC, heal_id DESC LIMIT ?';
    return q.transition
      ? this.events(
          `requested_at >= ? AND transition = ? ${order}`,
          q.since.toISOString(),
          q.transition,
          q.limit ?? 500,
        )
      : this.events(`requested_at >= ? ${order}`, q.since.toISOString(), q.limit ?? 500);
  }

  async forRun(transition: string, date: IsoDate): Promise<HealEvent[]> {
    return this.events(
      'transition = ? AND game_date = ? ORDER BY requested_at DESC, heal_id DESC',
      transition,
      date,
    );
  }

  async inStatus(status: HealStatus, limit = 100): Promise<HealEvent[]> {
    return this.events('status = ? ORDER BY requested_at DESC LIMIT ?', status, limit);
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
      event: eventFromRecord(JSON.parse(r.event) as Row),
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
