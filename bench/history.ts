/**
 * Check-history volume (issue 11 §4): a simulated day of the demo pipeline on its default cadence (fast
 * checks every minute, warehouse checks every 15 minutes), counting the rows and bytes the bot writes to
 * `validation_runs`/`validation_results`, and the bytes the failing-checks query reads over 30 days. Bytes
 * follow BigQuery's logical sizes (STRING/JSON: 2 + UTF-8 bytes, INT64/TIMESTAMP: 8). Also counts what
 * writing a result only when its status changes would write, to weigh that design.
 */
import { openLocalBackend } from '../src/adapters/local/index.js';
import { allChecks } from '../src/checks/index.js';
import { tieredRunner } from '../src/checks/tiered.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import type { ValidationResultRow, ValidationRun, Warehouse } from '../src/warehouse/ports.js';

export interface HistoryBenchResult {
  runsPerDay: number;
  runRowsPerDay: number;
  resultRowsPerDay: number;
  bytesWrittenPerDay: number;
  /** Bytes the failing-checks query reads over 30 days (the columns it touches, every row in range). */
  failingChecksBytes30d: number;
  /** Result rows per day if only status changes were written. */
  changeRowsPerDay: number;
}

const str = (s: string | null | undefined) => (s == null ? 0 : 2 + Buffer.byteLength(s));
const runBytes = (r: ValidationRun) => str(r.runId) + 8 + 8 + str(r.trigger) + str(r.status) + 8 + 8;
const resultBytes = (r: ValidationResultRow) =>
  str(r.runId) +
  str(r.check) +
  str(r.subject) +
  str(r.status) +
  str(r.summary) +
  str(JSON.stringify(r.details)) +
  8;
/** The columns `failingChecksSql` reads: check, subject, summary, status, observed_at. */
const readBytes = (r: ValidationResultRow) =>
  str(r.check) + str(r.subject) + str(r.summary) + str(r.status) + 8;

export async function runHistoryBench(opts: { print?: boolean } = {}): Promise<HistoryBenchResult> {
  const config = loadConfig({ PIPELINE_BACKEND: 'local' }, { fileExists: () => false });
  let now = new Date('2026-02-20T05:00:00Z');
  const clock = { now: () => now };
  const backend = await openLocalBackend(config, clock, { memory: true });
  const totals = { runs: 0, results: 0, written: 0, read: 0, changes: 0 };
  const lastStatus = new Map<string, string>();
  const counting: Warehouse = Object.assign(Object.create(backend.warehouse) as Warehouse, {
    recordRun: async (run: ValidationRun, results: ValidationResultRow[]) => {
      totals.runs++;
      totals.results += results.length;
      totals.written += runBytes(run) + results.reduce((n, r) => n + resultBytes(r), 0);
      totals.read += results.reduce((n, r) => n + readBytes(r), 0);
      for (const r of results) {
        const key = `${r.check}\u0000${r.subject}`;
        if (lastStatus.get(key) !== r.status) totals.changes++;
        lastStatus.set(key, r.status);
      }
    },
  });
  const run = tieredRunner(allChecks(), { ...backend, config, clock, warehouse: counting }, silentLogger);
  const minutes = 24 * 60;
  for (let i = 0; i < minutes; i++) {
    await run('cron');
    now = new Date(now.getTime() + 60_000);
  }
  backend.close();
  const result: HistoryBenchResult = {
    runsPerDay: totals.runs,
    runRowsPerDay: totals.runs,
    resultRowsPerDay: totals.results,
    bytesWrittenPerDay: totals.written,
    failingChecksBytes30d: totals.read * 30,
    changeRowsPerDay: totals.changes,
  };
  if (opts.print !== false) {
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    console.log(
      [
        `history: one demo day, fast checks every minute, warehouse checks every 15 minutes`,
        `  written per day: ${result.runRowsPerDay} validation_runs rows, ${result.resultRowsPerDay} validation_results rows, ${mb(result.bytesWrittenPerDay)}`,
        `  failing-checks query over 30 days reads ${mb(result.failingChecksBytes30d)}`,
        `  writing results only on a status change: ${result.changeRowsPerDay} result rows per day`,
      ].join('\n'),
    );
  }
  return result;
}
