/** Local mode's completion documents and game schedule, in the embedded SQLite store. */
import { parseCompletionDoc } from '../../pipeline/completion.js';
import type { CompletionDoc, IsoDate } from '../../pipeline/types.js';
import type { CompletionStore, DocRef, ScheduleSource } from '../../ports.js';
import type { Db } from './db.js';
import { toJson } from './json.js';

export class LocalCompletionStore implements CompletionStore {
  constructor(private readonly db: Db) {}

  async getMany(refs: DocRef[]): Promise<CompletionDoc[]> {
    if (refs.length === 0) return [];
    const stmt = this.db.prepare('SELECT data FROM completions WHERE collection = ? AND date = ?');
    const read = this.db.transaction((rs: DocRef[]) =>
      rs.map((r) => {
        const row = stmt.get(r.collection, r.date) as { data: string } | undefined;
        return parseCompletionDoc(r.collection, r.date, row ? JSON.parse(row.data) : undefined);
      }),
    );
    return read(refs);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Replaces a whole document (demo seed, tests). */
  async put(collection: string, date: IsoDate, data: Record<string, unknown>): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO completions (collection, date, data) VALUES (?, ?, ?) ON CONFLICT(collection, date) DO UPDATE SET data = excluded.data',
      )
      .run(collection, date, toJson(data));
  }

  /** Merges fields into a document, creating it if needed (like Firestore `set(..., {merge: true})`). */
  async merge(collection: string, date: IsoDate, fields: Record<string, unknown>): Promise<void> {
    const tx = this.db.transaction(() => {
      const row = this.db
        .prepare('SELECT data FROM completions WHERE collection = ? AND date = ?')
        .get(collection, date) as { data: string } | undefined;
      const current = row ? (JSON.parse(row.data) as Record<string, unknown>) : {};
      const next = toJson({ ...current, ...fields });
      this.db
        .prepare(
          'INSERT INTO completions (collection, date, data) VALUES (?, ?, ?) ON CONFLICT(collection, date) DO UPDATE SET data = excluded.data',
        )
        .run(collection, date, next);
    });
    tx();
  }
}

/** Schedule from the embedded store: every requested date gets an entry (0 = no games). */
export class LocalSchedule implements ScheduleSource {
  constructor(private readonly db: Db) {}

  async gamesOn(dates: IsoDate[]): Promise<Map<IsoDate, number>> {
    const out = new Map<IsoDate, number>();
    const hasRows = this.db.prepare('SELECT 1 FROM schedule LIMIT 1').get();
    if (!hasRows) return out; // no schedule at all: every date is a game date
    const stmt = this.db.prepare('SELECT games FROM schedule WHERE date = ?');
    for (const d of dates) out.set(d, (stmt.get(d) as { games: number } | undefined)?.games ?? 0);
    return out;
  }

  setGames(date: IsoDate, games: number): void {
    this.db
      .prepare(
        'INSERT INTO schedule (date, games) VALUES (?, ?) ON CONFLICT(date) DO UPDATE SET games = excluded.games',
      )
      .run(date, games);
  }
}

/** Without a `schedule` in config every date is a game date. */
export const everyDateHasGames: ScheduleSource = { gamesOn: async () => new Map() };
