/**
 * Outbox delivery: every pending heal-log row goes to BigQuery (`insertId` = `{heal_id}:{status}`) and is
 * marked once it landed. Rows that fail stay pending for the next flush; flushes are coalesced.
 */
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import { errText } from '../util/error-text.js';
import { healRow } from './columns.js';
import type { HealExporter, HealLog, OutboxEntry } from './ports.js';
import type { FlushResult } from './types.js';

/** Why 200 × 50: one flush sends at most 10 000 rows, so a long backlog cannot hold the process. */
const BATCH = 200;
/** Why 50: with BATCH 200, at most 10 000 rows per flush (see BATCH). */
const MAX_ROUNDS = 50;

export class HealOutbox {
  private running?: Promise<FlushResult>;
  private queued?: Promise<FlushResult>;

  constructor(
    private readonly healLog: HealLog,
    private readonly clock: Clock,
    private readonly exporter?: HealExporter,
    private readonly logger?: Pick<Logger, 'warn'>,
    private readonly inBackground = true,
  ) {}

  /** After a recorded event: flush without waiting (unless there is no exporter or it is switched off). */
  kick(): void {
    if (!this.exporter || !this.inBackground) return;
    void this.flush().catch((err) => this.logger?.warn({ err }, 'heal export failed; will retry'));
  }

  /** Sends every pending row. At most one flush runs, at most one waits. */
  flush(): Promise<FlushResult> {
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined;
          return this.start();
        });
      return this.queued;
    }
    return this.start();
  }

  /** Resolves when no flush is running or queued (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.running || this.queued) {
      await (this.queued ?? this.running)!.catch(() => undefined);
    }
  }

  private start(): Promise<FlushResult> {
    const run = this.flushAll().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async flushAll(): Promise<FlushResult> {
    const result: FlushResult = { exported: 0, failed: 0 };
    if (!this.exporter) return result;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let entries: OutboxEntry[];
      try {
        entries = await this.healLog.pendingExports(BATCH);
      } catch (err) {
        return { ...result, error: `could not read the outbox: ${errText(err)}` };
      }
      if (entries.length === 0) return result;
      const step = await this.sendBatch(this.exporter, entries);
      result.exported += step.exported;
      result.failed += step.failed;
      if (step.error) return { ...result, error: step.error };
      if (step.failed || entries.length < BATCH) return result;
    }
    return result;
  }

  private async sendBatch(exporter: HealExporter, entries: OutboxEntry[]): Promise<FlushResult> {
    let failedIds: Set<string>;
    try {
      const res = await exporter.insert(entries.map((e) => healRow(e.key, e.event)));
      failedIds = new Set(res.failed.map((f) => f.insertId));
      if (res.failed.length) {
        this.logger?.warn(
          { failed: res.failed.slice(0, 5) },
          'BigQuery rejected heal rows; they stay in the outbox',
        );
      }
    } catch (err) {
      return { exported: 0, failed: entries.length, error: errText(err) };
    }
    const landed = entries.filter((e) => !failedIds.has(e.key)).map((e) => e.key);
    try {
      await this.healLog.markExported(landed, this.clock.now());
    } catch (err) {
      // They landed; a re-send carries the same insertId, which BigQuery de-duplicates.
      return { exported: landed.length, failed: 0, error: `could not mark exported: ${errText(err)}` };
    }
    return { exported: landed.length, failed: failedIds.size };
  }
}
