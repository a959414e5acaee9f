/**
 * Dead letters of local mode, in the embedded SQLite store (the same rules as Firestore: recorded once
 * per subscription and message id; handled once). Times are epoch milliseconds.
 */
import type { DlqStore, DlqTally } from '../../dlq/ports.js';
import type { DlqHandling, DlqRecord } from '../../dlq/types.js';
import type { Db } from './db.js';

/**
 * Why keyed by subscription and message id: each dead letter is recorded once, as in Firestore; IF NOT
 * EXISTS: run on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS dlq_messages (
  subscription TEXT NOT NULL,
  message_id TEXT NOT NULL,
  publish_time INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (subscription, message_id)
);
`;

interface Row {
  data: string;
}

function fromJson(json: string): DlqRecord {
  const r = JSON.parse(json) as DlqRecord & {
    publish_time: string;
    recorded_at: string;
    handled_at: string | null;
  };
  return {
    ...r,
    publish_time: new Date(r.publish_time),
    recorded_at: new Date(r.recorded_at),
    handled_at: r.handled_at ? new Date(r.handled_at) : null,
  };
}

export class LocalDlqStore implements DlqStore {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  async record(record: DlqRecord): Promise<boolean> {
    const result = this.db
      .prepare(
        'INSERT INTO dlq_messages (subscription, message_id, publish_time, data) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(record.subscription, record.message_id, record.publish_time.getTime(), JSON.stringify(record));
    return result.changes === 1;
  }

  async list(opts: { subscription?: string; limit?: number } = {}): Promise<DlqRecord[]> {
    const where = opts.subscription ? 'WHERE subscription = ?' : '';
    const params: (string | number)[] = opts.subscription ? [opts.subscription] : [];
    const rows = this.db
      .prepare<(string | number)[], Row>(
        `SELECT data FROM dlq_messages ${where} ORDER BY publish_time DESC LIMIT ?`,
      )
      .all(...params, opts.limit ?? -1);
    return rows.map((r) => fromJson(r.data));
  }

  async tally(subscription: string, limit: number): Promise<DlqTally> {
    const waiting = this.db
      .prepare<[string, number], Row>(
        `SELECT data FROM dlq_messages WHERE subscription = ? AND json_extract(data, '$.handled') IS NULL
         ORDER BY publish_time DESC LIMIT ?`,
      )
      .all(subscription, limit);
    // COUNT of a value counts the rows where it is not null; recorded_at is an ISO string, so MAX is the latest.
    const totals = this.db
      .prepare<[string], { handled: number; last: string | null }>(
        `SELECT COUNT(json_extract(data, '$.handled')) AS handled, MAX(json_extract(data, '$.recorded_at')) AS last
         FROM dlq_messages WHERE subscription = ?`,
      )
      .get(subscription)!;
    return {
      waiting: waiting.map((r) => fromJson(r.data)),
      handled: totals.handled,
      last_recorded_at: totals.last ? new Date(totals.last) : null,
    };
  }

  async markHandled(
    subscription: string,
    messageId: string,
    how: DlqHandling,
    by: string,
    at: Date,
  ): Promise<boolean> {
    // One statement: the row changes only while `handled` is null, so one caller wins.
    const result = this.db
      .prepare(
        `UPDATE dlq_messages SET data = json_set(data, '$.handled', ?, '$.handled_by', ?, '$.handled_at', ?)
         WHERE subscription = ? AND message_id = ? AND json_extract(data, '$.handled') IS NULL`,
      )
      .run(how, by, at.toISOString(), subscription, messageId);
    return result.changes === 1;
  }
}
