/**
 * Silences of local mode, in the embedded SQLite store: one row per silence, the record as JSON plus a
 * `summarized` column (the same meaning as the Firestore field). Writes run in BEGIN IMMEDIATE so the
 * bot and the CLI sharing the file never both claim a summary.
 */
import { byStartDesc, type Silence, type SilenceStore } from '../../oncall/silences.js';
import type { Db } from './db.js';

/**
 * Why `summarized`: an indexed copy of the record's field, to find unsummarized silences; IF NOT EXISTS: run
 * on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS silences (
  id TEXT PRIMARY KEY,
  summarized INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS silences_summarized ON silences (summarized);
`;

function fromJson(json: string): Silence {
  const s = JSON.parse(json) as Silence & Record<string, unknown>;
  s.starts_at = new Date(s.starts_at);
  s.ends_at = new Date(s.ends_at);
  if (s.summarized_at) s.summarized_at = new Date(s.summarized_at);
  return s;
}

export class LocalSilenceStore implements SilenceStore {
  private readonly select;
  private readonly insert;
  private readonly write;
  private readonly selectOpen;
  private readonly endTx;
  private readonly claimTx;

  constructor(db: Db) {
    db.exec(SCHEMA);
    this.select = db.prepare<[string], { data: string; summarized: number }>(
      'SELECT data, summarized FROM silences WHERE id = ?',
    );
    this.insert = db.prepare<[string, number, string]>(
      'INSERT OR IGNORE INTO silences (id, summarized, data) VALUES (?, ?, ?)',
    );
    this.write = db.prepare<[number, string, string]>(
      'UPDATE silences SET summarized = ?, data = ? WHERE id = ?',
    );
    this.selectOpen = db.prepare<[], { data: string }>('SELECT data FROM silences WHERE summarized = 0');
    this.endTx = db.transaction((id: string, by: string, at: Date) => {
      const row = this.select.get(id);
      if (!row) return undefined;
      const s = fromJson(row.data);
      if (s.ends_at.getTime() <= at.getTime()) return s;
      const next = { ...s, ends_at: at, ended_by: by };
      this.write.run(row.summarized, JSON.stringify(next), id);
      return next;
    });
    this.claimTx = db.transaction((id: string, at: Date) => {
      const row = this.select.get(id);
      if (!row || row.summarized) return false;
      this.write.run(1, JSON.stringify({ ...fromJson(row.data), summarized_at: at }), id);
      return true;
    });
  }

  async create(s: Silence): Promise<boolean> {
    return this.insert.run(s.id, s.summarized_at ? 1 : 0, JSON.stringify(s)).changes === 1;
  }

  async get(id: string): Promise<Silence | undefined> {
    const row = this.select.get(id);
    return row ? fromJson(row.data) : undefined;
  }

  async listUnsummarized(): Promise<Silence[]> {
    return this.selectOpen
      .all()
      .map((r) => fromJson(r.data))
      .sort(byStartDesc);
  }

  async end(id: string, by: string, at: Date): Promise<Silence | undefined> {
    return this.endTx.immediate(id, by, at);
  }

  async claimSummary(id: string, at: Date): Promise<boolean> {
    return this.claimTx.immediate(id, at);
  }
}
