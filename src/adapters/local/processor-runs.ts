/**
 * `processor_execution_log` of local mode: a SQLite table with the columns trends read (times as epoch ms).
 * Filled by the demo and by tests through `insert`.
 */
import type { ProcessorRun, ProcessorRunLog } from '../../trends/model.js';
import type { Db } from './db.js';

/** Why these columns: the part of `processor_execution_log` trends read; IF NOT EXISTS: run on every open. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS processor_runs (
  processor_name TEXT NOT NULL,
  phase TEXT NOT NULL,
  triggered_at INTEGER NOT NULL,
  completed_at INTEGER,
  status TEXT NOT NULL,
  execution_id TEXT
);
CREATE INDEX IF NOT EXISTS processor_runs_triggered ON processor_runs (triggered_at);
`;

interface Row {
  processor_name: string;
  phase: string;
  triggered_at: number;
  completed_at: number | null;
  status: string;
  execution_id: string | null;
}

export class LocalProcessorRuns implements ProcessorRunLog {
  constructor(private readonly db: Db) {
    db.exec(SCHEMA);
  }

  async processorRuns(from: Date, to: Date): Promise<ProcessorRun[]> {
    const rows = this.db
      .prepare<[number, number], Row>(
        `SELECT * FROM processor_runs WHERE triggered_at > ? AND triggered_at <= ?
         ORDER BY triggered_at, processor_name`,
      )
      .all(from.getTime(), to.getTime());
    return rows.map((r) => ({
      processor: r.processor_name,
      phase: r.phase,
      triggeredAt: new Date(r.triggered_at),
      completedAt: r.completed_at === null ? undefined : new Date(r.completed_at),
      status: r.status,
      executionId: r.execution_id ?? undefined,
    }));
  }

  async insert(runs: ProcessorRun[]): Promise<void> {
    const add = this.db.prepare<Row>(
      `INSERT INTO processor_runs (processor_name, phase, triggered_at, completed_at, status, execution_id)
       VALUES (@processor_name, @phase, @triggered_at, @completed_at, @status, @execution_id)`,
    );
    this.db.transaction(() => {
      for (const r of runs)
        add.run({
          processor_name: r.processor,
          phase: r.phase,
          triggered_at: r.triggeredAt.getTime(),
          completed_at: r.completedAt?.getTime() ?? null,
          status: r.status,
          execution_id: r.executionId ?? null,
        });
    })();
  }
}
