import { parseCompletionDoc } from '../../pipeline/completion.js';
import { toJson } from './db.js';
export class LocalCompletionStore {
    db;
    constructor(db) {
        this.db = db;
    }
    async getMany(refs) {
        if (refs.length === 0)
            return [];
        const stmt = this.db.prepare('SELECT data FROM completions WHERE collection = ? AND date = ?');
        const read = this.db.transaction((rs) => rs.map((r) => {
            const row = stmt.get(r.collection, r.date);
            return parseCompletionDoc(r.collection, r.date, row ? JSON.parse(row.data) : undefined);
        }));
        return read(refs);
    }
    async ping() {
        this.db.prepare('SELECT 1').get();
    }
    /** Replaces a whole document (demo seed, tests). */
    async put(collection, date, data) {
        this.db
            .prepare('INSERT INTO completions (collection, date, data) VALUES (?, ?, ?) ON CONFLICT(collection, date) DO UPDATE SET data = excluded.data')
            .run(collection, date, toJson(data));
    }
    /** Merges fields into a document, creating it if needed (like Firestore `set(..., {merge: true})`). */
    async merge(collection, date, fields) {
        const tx = this.db.transaction(() => {
            const row = this.db
                .prepare('SELECT data FROM completions WHERE collection = ? AND date = ?')
                .get(collection, date);
            const current = row ? JSON.parse(row.data) : {};
            const next = toJson({ ...current, ...fields });
            this.db
                .prepare('INSERT INTO completions (collection, date, data) VALUES (?, ?, ?) ON CONFLICT(collection, date) DO UPDATE SET data = excluded.data')
                .run(collection, date, next);
        });
        tx();
    }
}
/** Schedule from the embedded store: every requested date gets an entry (0 = no games). */
export class LocalSchedule {
    db;
    constructor(db) {
        this.db = db;
    }
    async gamesOn(dates) {
        const out = new Map();
        const hasRows = this.db.prepare('SELECT 1 FROM schedule LIMIT 1').get();
        if (!hasRows)
            return out; // no schedule at all: every date is a game date
        const stmt = this.db.prepare('SELECT games FROM schedule WHERE date = ?');
        for (const d of dates)
            out.set(d, stmt.get(d)?.games ?? 0);
        return out;
    }
    setGames(date, games) {
        this.db
            .prepare('INSERT INTO schedule (date, games) VALUES (?, ?) ON CONFLICT(date) DO UPDATE SET games = excluded.games')
            .run(date, games);
    }
}
/** Without a `schedule` in config every date is a game date. */
export const everyDateHasGames = { gamesOn: async () => new Map() };
//# sourceMappingURL=completion-store.js.map