/**
 * Alert records of local mode, in the embedded SQLite store: one row per fingerprint, the record as
 * JSON (Dates as ISO strings, revived on read), plus `active` and `touched_at` columns maintained on
 * every write with the same meaning as the Firestore adapter's fields.
 */
import { byFirstSeen, byTouchedDesc, isActive, touchedAt } from '../../alerts/store-rules.js';
import type { AlertMutation, AlertRecord, AlertStore } from '../../alerts/types.js';
import type { Db } from './db.js';

/**
 * Why `active`, `touched_at`: indexed copies of record fields for the list queries; IF NOT EXISTS: run on
 * every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  fingerprint TEXT PRIMARY KEY,
  active INTEGER NOT NULL,
  touched_at INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_active ON alerts (active);
CREATE INDEX IF NOT EXISTS alerts_touched_at ON alerts (touched_at);
`;

/** Why listed: JSON turns these record fields into ISO strings; they are revived to Dates on read. */
const TOP_LEVEL_DATES = [
  'firstSeenAt',
  'lastSeenAt',
  'firingSince',
  'resolvedAt',
  'ackAt',
  'snoozedUntil',
  'lastNotifiedAt',
  'rootPostStartedAt',
] as const;

const revive = (v: unknown): Date | undefined => (typeof v === 'string' ? new Date(v) : undefined);

export function alertFromJson(json: string): AlertRecord {
  const r = JSON.parse(json) as Record<string, unknown> & AlertRecord;
  for (const key of TOP_LEVEL_DATES) if (r[key] !== undefined) r[key] = revive(r[key])!;
  if (r.deliveryLock) r.deliveryLock.until = revive(r.deliveryLock.until)!;
  if (r.heals) for (const h of r.heals) h.at = revive(h.at)!;
  for (const e of r.escalations ?? []) e.at = revive(e.at)!;
  for (const n of r.notes ?? []) n.at = revive(n.at)!;
  if (r.manualResolve) r.manualResolve.at = revive(r.manualResolve.at)!;
  return r;
}

export class LocalAlertStore implements AlertStore {
  private readonly select;
  private readonly upsert;
  private readonly selectActive;
  private readonly selectSince;
  private readonly runUpdate;

  constructor(db: Db) {
    db.exec(SCHEMA);
    this.select = db.prepare<[string], { data: string }>('SELECT data FROM alerts WHERE fingerprint = ?');
    this.upsert = db.prepare<[string, number, number, string]>(
      `INSERT INTO alerts (fingerprint, active, touched_at, data) VALUES (?, ?, ?, ?)
       ON CONFLICT(fingerprint) DO UPDATE SET active = excluded.active, touched_at = excluded.touched_at, data = excluded.data`,
    );
    this.selectActive = db.prepare<[], { data: string }>('SELECT data FROM alerts WHERE active = 1');
    this.selectSince = db.prepare<[number], { data: string }>(
      'SELECT data FROM alerts WHERE touched_at >= ?',
    );
    this.runUpdate = db.transaction((fingerprint: string, fn: AlertMutation) => {
      const row = this.select.get(fingerprint);
      const current = row ? alertFromJson(row.data) : undefined;
      const next = fn(current);
      if (next === undefined) return current;
      if (next.fingerprint !== fingerprint) {
        throw new Error(`alert update of ${fingerprint} returned a record for ${next.fingerprint}`);
      }
      this.upsert.run(fingerprint, isActive(next) ? 1 : 0, touchedAt(next).getTime(), JSON.stringify(next));
      return next;
    });
  }

  async get(fingerprint: string): Promise<AlertRecord | undefined> {
    const row = this.select.get(fingerprint);
    return row ? alertFromJson(row.data) : undefined;
  }

  async listActive(): Promise<AlertRecord[]> {
    return this.selectActive
      .all()
      .map((row) => alertFromJson(row.data))
      .sort(byFirstSeen);
  }

  /** Alerts with any activity since `since`: first seen, (re-)fired, seen again or resolved. */
  async listSince(since: Date): Promise<AlertRecord[]> {
    return this.selectSince
      .all(since.getTime())
      .map((row) => alertFromJson(row.data))
      .sort(byTouchedDesc);
  }

  /**
   * Read, `fn`, write inside BEGIN IMMEDIATE: the write lock is taken before the read, so another
   * process sharing the file waits (busy_timeout) instead of reading a record about to change. `fn`
   * runs exactly once here. Returns the record as stored after the call.
   */
  async update(fingerprint: string, fn: AlertMutation): Promise<AlertRecord | undefined> {
    return this.runUpdate.immediate(fingerprint, fn);
  }
}
