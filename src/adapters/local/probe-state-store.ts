/** Probe states of local mode in the embedded SQLite store (shared by the bot and the CLI). */
import type { ProbeState, ProbeStateStore } from '../../monitors/ports.js';
import type { Db } from './db.js';

/**
 * Why one row per service: its failure streak and times, as in Firestore; IF NOT EXISTS: run on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS service_health (
  name TEXT PRIMARY KEY,
  consecutive_failures INTEGER NOT NULL,
  failing_since INTEGER,
  last_ok_at INTEGER,
  last_probe_at INTEGER NOT NULL,
  last_latency_ms REAL NOT NULL
);
`;

interface Row {
  name: string;
  consecutive_failures: number;
  failing_since: number | null;
  last_ok_at: number | null;
  last_probe_at: number;
  last_latency_ms: number;
}

export class LocalProbeStateStore implements ProbeStateStore {
  // Prepared once: every fast tick reads and writes these.
  private readonly select;
  private readonly upsert;

  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
    this.select = db.prepare<[string], Row>('SELECT * FROM service_health WHERE name = ?');
    this.upsert = db.prepare<Row>(
      `INSERT OR REPLACE INTO service_health VALUES
       (@name, @consecutive_failures, @failing_since, @last_ok_at, @last_probe_at, @last_latency_ms)`,
    );
  }

  async getMany(names: string[]): Promise<Map<string, ProbeState>> {
    const select = this.select;
    const found = new Map<string, ProbeState>();
    for (const name of names) {
      const row = select.get(name);
      if (row) found.set(name, fromRow(row));
    }
    return found;
  }

  async putMany(states: ProbeState[]): Promise<void> {
    this.db.transaction(() => {
      for (const s of states) this.upsert.run(toRow(s));
    })();
  }
}

function toRow(s: ProbeState): Row {
  return {
    name: s.name,
    consecutive_failures: s.consecutiveFailures,
    failing_since: s.failingSince?.getTime() ?? null,
    last_ok_at: s.lastOkAt?.getTime() ?? null,
    last_probe_at: s.lastProbeAt.getTime(),
    last_latency_ms: s.lastLatencyMs,
  };
}

function fromRow(r: Row): ProbeState {
  return {
    name: r.name,
    consecutiveFailures: r.consecutive_failures,
    failingSince: r.failing_since === null ? undefined : new Date(r.failing_since),
    lastOkAt: r.last_ok_at === null ? undefined : new Date(r.last_ok_at),
    lastProbeAt: new Date(r.last_probe_at),
    lastLatencyMs: r.last_latency_ms,
  };
}
