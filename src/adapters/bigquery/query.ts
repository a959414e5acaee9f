/**
 * Runs parameterized queries and streaming inserts with the cost and safety guards every call gets:
 * `maximumBytesBilled`, the dataset location, labels, an overall timeout on the client AND the same
 * `jobTimeoutMs` on the server (a query the client gave up on stops running and billing), exact INT64
 * conversion, and `insertId`s on every inserted row (BigQuery de-duplicates retried inserts by it).
 * With `jobTimeoutMs` set the client creates a job (`jobs.insert` + `getQueryResults`) instead of the
 * one-round-trip `jobs.query`, which cannot carry it.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import { withTimeout } from '../../warehouse/timeout.js';
import { exactInt } from './values.js';

export interface QueryGuards {
  location?: string;
  maximumBytesBilled: number;
  /** Wall-clock limit of one query including polling and paging (default 60 s). */
  timeoutMs?: number;
}

export type ParamType = 'DATE' | 'TIMESTAMP' | 'INT64' | 'STRING' | 'BOOL' | ['STRING'];

export interface Param {
  type: ParamType;
  value: unknown;
}

/** Why 60 s: the warehouse checks run every 15 minutes; a query slower than a minute is a fault to report. */
const DEFAULT_TIMEOUT_MS = 60_000;
/** Why 500: rows per insertAll request; BigQuery recommends at most 500 rows per request. */
const INSERT_BATCH = 500;

export class QueryRunner {
  private client?: Promise<BigQuery>;
  /** Queries started, for tests and the benchmark. */
  queries = 0;

  constructor(
    private readonly connect: () => Promise<BigQuery>,
    private readonly guards: QueryGuards,
  ) {}

  private get timeoutMs(): number {
    return this.guards.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  bigquery(): Promise<BigQuery> {
    this.client ??= this.connect().catch((err) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  /** The job configuration every query gets: parameters, guards, labels. */
  private request(label: string, sql: string, params: Record<string, Param>) {
    // The client reads DATE/TIMESTAMP parameters from a `{ value }` wrapper; a bare string is sent empty.
    const values = Object.fromEntries(
      Object.entries(params).map(([k, p]) => [
        k,
        p.type === 'DATE' || p.type === 'TIMESTAMP' ? { value: p.value } : p.value,
      ]),
    );
    const types = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.type]));
    return {
      query: sql,
      params: values,
      types,
      useLegacySql: false,
      maximumBytesBilled: String(this.guards.maximumBytesBilled),
      jobTimeoutMs: this.timeoutMs,
      labels: { app: 'pipeline-bot', query: label },
      ...(this.guards.location ? { location: this.guards.location } : {}),
    };
  }

  async query(label: string, sql: string, params: Record<string, Param>): Promise<Record<string, unknown>[]> {
    const bq = await this.bigquery();
    this.queries++;
    const run = bq.query({
      ...this.request(label, sql, params),
      wrapIntegers: { integerTypeCastFunction: exactInt },
    });
    const [rows] = await withTimeout(run, this.timeoutMs, `BigQuery query ${label}`);
    return rows as Record<string, unknown>[];
  }

  /**
   * Submits the query with `dryRun: true`: BigQuery validates it (SQL, tables, columns, permissions) and
   * reports the bytes it would scan, without running it or billing anything. Returns those bytes.
   */
  async dryRun(label: string, sql: string, params: Record<string, Param>): Promise<number> {
    const bq = await this.bigquery();
    const run = bq.createQueryJob({ ...this.request(label, sql, params), dryRun: true });
    const [, response] = await withTimeout(run, this.timeoutMs, `BigQuery dry run ${label}`);
    const stats = (response as { statistics?: { totalBytesProcessed?: string } } | undefined)?.statistics;
    return Number(stats?.totalBytesProcessed ?? 0);
  }

  get maximumBytesBilled(): number {
    return this.guards.maximumBytesBilled;
  }

  /** Names and types of a table's top-level columns (`tables.get`). */
  async tableFields(
    project: string,
    dataset: string,
    table: string,
  ): Promise<{ name: string; type: string }[]> {
    const bq = await this.bigquery();
    const [metadata] = await withTimeout(
      bq.dataset(dataset, { projectId: project }).table(table).getMetadata(),
      this.timeoutMs,
      `BigQuery schema of ${dataset}.${table}`,
    );
    const fields = (metadata as { schema?: { fields?: { name: string; type: string }[] } }).schema?.fields;
    return (fields ?? []).map(({ name, type }) => ({ name, type }));
  }

  /** Streams rows into `dataset.table`, batched, each with its `insertId`. */
  async insert(
    dataset: string,
    table: string,
    rows: { insertId: string; json: Record<string, unknown> }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const bq = await this.bigquery();
    const target = bq.dataset(dataset).table(table);
    for (let i = 0; i < rows.length; i += INSERT_BATCH) {
      const batch = rows.slice(i, i + INSERT_BATCH);
      try {
        await withTimeout(target.insert(batch, { raw: true }), this.timeoutMs, `BigQuery insert ${table}`);
      } catch (err) {
        const partial = (
          err as { name?: string; errors?: { errors?: { reason?: string; message?: string }[] }[] }
        ).errors;
        if ((err as Error).name === 'PartialFailureError' && partial?.length) {
          const first = partial[0]?.errors?.[0];
          throw new Error(
            `BigQuery rejected ${partial.length} of ${batch.length} rows for ${table}: ${first?.reason ?? ''} ${first?.message ?? ''}`.trim(),
          );
        }
        throw err;
      }
    }
  }
}
