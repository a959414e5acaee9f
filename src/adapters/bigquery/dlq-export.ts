/**
 * The BigQuery copy of dead letters (`{dataset}.dlq_messages`, schema in schema.ts): streaming inserts
 * with `insertId` = message id, so a message recorded again after a crash is de-duplicated by BigQuery.
 */

import type { Table } from '@google-cloud/bigquery';
import type { DlqExporter } from '../../dlq/ports.js';
import type { DlqRecord } from '../../dlq/types.js';
import { withTimeout } from '../../warehouse/timeout.js';
import { createBigQuery, INSERT_TIMEOUT_MS } from './client.js';
import { DLQ_MESSAGES } from './schema.js';

export interface DlqExportOptions {
  projectId: string;
  dataset: string;
  emulatorHost?: string;
  location?: string;
}

/** One `dlq_messages` row (SPEC §10 columns). */
export function dlqRow(r: DlqRecord): Record<string, unknown> {
  return {
    message_id: r.message_id,
    subscription: r.subscription,
    source_topic: r.source_topic,
    publish_time: r.publish_time.toISOString(),
    delivery_attempt: r.delivery_attempt,
    attributes: JSON.stringify(r.attributes),
    data: r.data,
    game_date: r.game_date,
    recorded_at: r.recorded_at.toISOString(),
    handled: r.handled,
  };
}

export class BigQueryDlqExporter implements DlqExporter {
  private table?: Promise<Table>;

  constructor(private readonly opts: DlqExportOptions) {}

  private getTable(): Promise<Table> {
    const { projectId, emulatorHost, location, dataset } = this.opts;
    if (!this.table) {
      const pending = createBigQuery({ projectId, emulatorHost, location, maxRetries: 1 }).then((client) =>
        client.dataset(dataset).table(DLQ_MESSAGES.name),
      );
      this.table = pending;
      pending.catch(() => {
        if (this.table === pending) this.table = undefined;
      });
    }
    return this.table;
  }

  /** Throws when BigQuery refused a row: the message is then not acked, and comes back. */
  async insert(records: DlqRecord[]): Promise<void> {
    if (records.length === 0) return;
    const table = await this.getTable();
    await withTimeout(
      table.insert(
        records.map((r) => ({ insertId: r.message_id, json: dlqRow(r) })),
        { raw: true, partialRetries: 0 },
      ),
      INSERT_TIMEOUT_MS,
      'BigQuery insert into dlq_messages',
    );
  }
}
