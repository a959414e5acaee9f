/**
 * The embedded warehouse's tables (`wh_*`), and the in-place upgrade of stores written by older versions.
 */
import type { Db } from './db.js';

/** Why nullable columns: the pipeline's tables allow NULL there, and NULL has a defined meaning (README). */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS wh_rows (
  tbl TEXT NOT NULL, date TEXT, at INTEGER, key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wh_rows_by_table ON wh_rows (tbl, date);
CREATE TABLE IF NOT EXISTS wh_runs (
  kind TEXT NOT NULL, name TEXT NOT NULL, status TEXT, triggered_at INTEGER NOT NULL, error_message TEXT,
  run_id TEXT
);
CREATE INDEX IF NOT EXISTS wh_runs_by_time ON wh_runs (triggered_at);
CREATE TABLE IF NOT EXISTS wh_phase_completions (
  game_date TEXT NOT NULL, phase TEXT NOT NULL, is_triggered INTEGER, trigger_reason TEXT,
  completed_processor_count INTEGER, updated_at INTEGER
);
CREATE TABLE IF NOT EXISTS wh_validation_runs (
  run_id TEXT PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER NOT NULL, trigger TEXT NOT NULL,
  status TEXT NOT NULL, checks_run INTEGER NOT NULL, checks_failed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS wh_validation_results (
  run_id TEXT NOT NULL, check_id TEXT NOT NULL, subject TEXT NOT NULL, status TEXT NOT NULL, summary TEXT NOT NULL,
  details TEXT NOT NULL, observed_at INTEGER NOT NULL, PRIMARY KEY (run_id, check_id, subject)
);
CREATE INDEX IF NOT EXISTS wh_validation_results_by_time ON wh_validation_results (observed_at);
`;

/**
 * Stores of older versions declared NOT NULL columns the pipeline's tables allow to be NULL (run status,
 * `is_triggered`, `updated_at`) and had no `run_id`: rebuild such a table and copy its rows over.
 */
function upgrade(
  db: Db,
  table: string,
  copied: string,
  stale: (c: { name: string; notnull: number }) => boolean,
) {
  const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; notnull: number }[];
  if (columns.length === 0 || !columns.some(stale)) return;
  db.transaction(() => {
    db.exec(`ALTER TABLE ${table} RENAME TO ${table}_old`);
    db.exec(SCHEMA);
    db.exec(`INSERT INTO ${table} (${copied}) SELECT ${copied} FROM ${table}_old`);
    db.exec(`DROP TABLE ${table}_old`);
  })();
}

export function upgradeStore(db: Db): void {
  upgrade(db, 'wh_rows', 'tbl, date, key', (c) => c.name === 'date' && c.notnull === 1);
  upgrade(
    db,
    'wh_runs',
    'kind, name, status, triggered_at, error_message',
    (c) => c.name === 'status' && c.notnull === 1,
  );
  upgrade(
    db,
    'wh_phase_completions',
    'game_date, phase, is_triggered, trigger_reason, completed_processor_count, updated_at',
    (c) => c.name === 'is_triggered' && c.notnull === 1,
  );
}
