/**
 * The BigQuery copy of heal events (`{dataset}.healing_events`, SPEC §5/§8): streaming inserts with
 * `insertId` = `{heal_id}:{status}`, so a row re-sent from the outbox after a lost answer is
 * de-duplicated by BigQuery. `@google-cloud/bigquery` is imported lazily (cold start, local mode).
 * With `BIGQUERY_EMULATOR_HOST` the client talks to that URL and uses no credentials.
 * Kept in its own file, apart from the warehouse (read) adapter.
 */

import type { Table } from '@google-cloud/bigquery';
import type { ExportResult, HealExporter, HealRow } from '../../heal/ports.js';
import { withTimeout } from '../../warehouse/timeout.js';
import { createBigQuery, INSERT_TIMEOUT_MS } from './client.js';

export interface HealExportOptions {
  projectId: string;
  dataset: string;
  /** Default `healing_events`. */
  table?: string;
  /** BigQuery API base URL (emulator/fake); when set, no credentials are used. */
  emulatorHost?: string;
  location?: string;
}

/** Why healing_events: the table SPEC §5/§8 names for the BigQuery copy of heal events. */
export const HEALING_EVENTS_TABLE = 'healing_events';

export class BigQueryHealExporter implements HealExporter {
  private table?: Promise<Table>;

  constructor(private readonly opts: HealExportOptions) {}

  private getTable(): Promise<Table> {
    const { projectId, emulatorHost, location, dataset, table } = this.opts;
    // The outbox retries; one quick retry per flush keeps a heal from waiting on BigQuery.
    if (!this.table) {
      const pending = createBigQuery({ projectId, emulatorHost, location, maxRetries: 1 }).then((client) =>
        client.dataset(dataset).table(table ?? HEALING_EVENTS_TABLE),
      );
      this.table = pending;
      pending.catch(() => {
        if (this.table === pending) this.table = undefined;
      });
    }
    return this.table;
  }

  async insert(rows: HealRow[]): Promise<ExportResult> {
    if (rows.length === 0) return { failed: [] };
    const table = await this.getTable();
    try {
      await withTimeout(
        table.insert(rows, { raw: true, partialRetries: 0 }),
        INSERT_TIMEOUT_MS,
        'BigQuery insert into healing_events',
      );
      return { failed: [] };
    } catch (err) {
      const partial = err as {
        name?: string;
        errors?: { row?: { insertId?: string }; errors?: { message?: string }[] }[];
      };
      if (partial.name === 'PartialFailureError' && Array.isArray(partial.errors)) {
        return {
          failed: partial.errors.map((e) => ({
            insertId: String(e.row?.insertId ?? ''),
            error: (e.errors ?? []).map((x) => x.message ?? 'rejected').join('; ') || 'rejected',
          })),
        };
      }
      throw err;
    }
  }
}
