/**
 * The embedded store of local mode: one SQLite file under DATA_DIR (WAL, so the bot and the CLI can use
 * it at the same time). Holds what Firestore and BigQuery hold in production.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/**
 * Why these tables: completion documents and the game schedule, as Firestore and BigQuery hold them; IF NOT
 * EXISTS: run on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS completions (
  collection TEXT NOT NULL,
  date TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (collection, date)
);
CREATE TABLE IF NOT EXISTS schedule (date TEXT PRIMARY KEY, games INTEGER NOT NULL);
`;

/** Why: the bound of SQLite's page cache, in KiB (see `openDb`). */
export const PAGE_CACHE_KIB = 4096;

/** Opens (creating if needed) the store file; `path` ':memory:' gives a private in-memory store for tests. */
export function openDb(dataDirOrMemory: string): Db {
  let file = ':memory:';
  if (dataDirOrMemory !== ':memory:') {
    mkdirSync(dataDirOrMemory, { recursive: true });
    file = join(dataDirOrMemory, 'pipeline-bot.sqlite');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Why: the bot and the CLI share the file; wait for the other writer instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  // Why 4 MiB: better-sqlite3 builds SQLite with a 16 MB page cache per connection, which fills as the file
  // grows past it (day 2 of the memory bench: +15 MB RSS); the bot's reads are recent rows, so a small cache
  // serves them and RSS stays flat (README *Benchmarks*, memory).
  db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  db.exec(SCHEMA);
  return db;
}

export function getMeta(db: Db, key: string): string | undefined {
  return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)
    ?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
