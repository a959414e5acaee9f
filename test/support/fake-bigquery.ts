/**
 * A fake of the BigQuery REST API over real HTTP on 127.0.0.1, for the BigQuery adapter's tests.
 *
 * Speaks what `@google-cloud/bigquery` sends: `jobs.query` (POST …/queries), `jobs.insert` (POST …/jobs),
 * `jobs.getQueryResults` (GET …/queries/{jobId}, with `jobComplete: false` answers and `pageToken` paging),
 * `tabledata.insertAll` (rows kept by table, de-duplicated by `insertId`), `tables.get` (the schema) and
 * `datasets.get`. Paths work with and without the `/bigquery/v2` prefix. Every request is recorded.
 *
 * Queries are answered by Google's own GoogleSQL engine: ZetaSQL's analyzer and reference evaluator (started
 * by the global setup, see `zetasql-engine.ts`), over the rows in `tables` typed by the schemas in `schemas`.
 * No query is re-implemented here. A query ZetaSQL refuses is answered 400 `invalidQuery` and kept in
 * `errors()`. Values go out as BigQuery sends them: INT64 as decimal strings, TIMESTAMP as int64
 * microseconds, DATE as `YYYY-MM-DD`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, inject } from 'vitest';
import { configuredReadSchemas, READ_TABLES } from '../../src/adapters/bigquery/read-schemas.js';
import { WRITTEN_TABLES } from '../../src/adapters/bigquery/schema.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { TableSchema } from '../../src/warehouse/table-schema.js';
import { ZetaSqlClient } from './zetasql-client.js';
import { answerQuery, type RestAnswer, type RestParam, TableNotFound } from './zetasql-engine.js';

/** Why: the bot's dataset unless `BIGQUERY_DATASET` says otherwise (SPEC §8). */
const OWN_DATASET = 'nba_orchestration';

/** Whether ZetaSQL runs in this test run (the tests that query BigQuery skip without it). */
export const zetasqlAvailable = (): boolean => inject('zetasqlHost') !== null;
/** `describe` for suites that query BigQuery: skipped (loudly, by the global setup) without ZetaSQL. */
export function describeZetaSql(name: string, fn: () => void): void {
  if (!zetasqlAvailable()) console.warn(`!!! SKIPPED (ZetaSQL not installed): ${name}`);
  describe.skipIf(!zetasqlAvailable())(name, fn);
}

export type Params = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path without the optional `/bigquery/v2` prefix. */
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  at: number;
}

export interface RecordedQuery {
  api: 'jobs.query' | 'jobs.insert';
  sql: string;
  label: string;
  params: Params;
  /** `parameterType.type` by parameter name (ARRAY<STRING> as `ARRAY<STRING>`). */
  paramTypes: Record<string, string>;
  maximumBytesBilled?: string;
  jobTimeoutMs?: string;
  location?: string;
  body: Record<string, unknown>;
}

export interface RecordedInsert {
  table: string;
  insertId?: string;
  json: Record<string, unknown>;
}

export interface FakeBigQuery {
  url: string;
  /** Rows by `dataset.table`. */
  tables: Map<string, Record<string, unknown>[]>;
  /** Schemas by `dataset.table`: the bot's dataset and the default config's tables unless changed. */
  schemas: Map<string, TableSchema>;
  /** Queries ZetaSQL refused, with its message. */
  errors(): { label: string; message: string }[];
  requests(): RecordedRequest[];
  queries(label?: string): RecordedQuery[];
  inserts(table?: string): RecordedInsert[];
  /** The next `times` requests are answered with `status` (default 500). */
  failNext(times?: number, status?: number): void;
  /** Every answer waits this long. */
  setLatency(ms: number): void;
  /** The next query reports `jobComplete: false` for this many answers before completing. */
  setPending(answers: number): void;
  setPageSize(rows: number): void;
  reset(): void;
  close(): Promise<void>;
}

interface Job {
  id: string;
  location?: string;
  pending: number;
  fields: RestAnswer['fields'];
  rows: RestAnswer['rows'];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function decodeParam(p: RestParam): unknown {
  if (p.parameterType.type === 'ARRAY') return (p.parameterValue?.arrayValues ?? []).map((a) => a.value);
  const v = p.parameterValue?.value;
  if (p.parameterType.type === 'INT64') return Number(v);
  if (p.parameterType.type === 'BOOL') return v === 'true';
  return v;
}

const label = (sql: string) => /pipeline-bot:([a-z_]+)/.exec(sql)?.[1] ?? 'unknown';

/** `[project.]dataset.table` → `dataset.table`, the key of `tables` and `schemas`. */
const shortRef = (ref: string) => ref.split('.').slice(-2).join('.');

/** Schemas of the bot's own tables in `dataset` and of the tables `config` names, by `dataset.table`. */
export function schemasFor(dataset: string, config: Pick<Config, 'checks' | 'schedule'>) {
  const own = [...READ_TABLES, ...WRITTEN_TABLES].map((t) => [`${dataset}.${t.name}`, t] as const);
  const named = [...configuredReadSchemas(config)].map(([ref, t]) => [shortRef(ref), t] as const);
  return new Map<string, TableSchema>([...own, ...named]);
}

/** The tables every fake starts with: the bot's default dataset and the default config's tables. */
const defaultSchemas = () =>
  schemasFor(OWN_DATASET, loadConfig({ PIPELINE_BACKEND: 'local' }, { fileExists: () => false }));

const notFound = (what: string) => ({
  error: { code: 404, message: `Not found: ${what}`, errors: [{ reason: 'notFound' }] },
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeBigQuery(): Promise<FakeBigQuery> {
  const tables = new Map<string, Record<string, unknown>[]>();
  let requests: RecordedRequest[] = [];
  let queries: RecordedQuery[] = [];
  let inserts: RecordedInsert[] = [];
  const seenInsertIds = new Map<string, Set<string>>();
  const jobs = new Map<string, Job>();
  let failures: { times: number; status: number } | undefined;
  let latencyMs = 0;
  let pendingNext = 0;
  let pageSize = 1000;
  let schemas = defaultSchemas();
  let errors: { label: string; message: string }[] = [];
  const host = inject('zetasqlHost');
  const zetasql = host ? new ZetaSqlClient(host) : undefined;
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const page = (job: Job, token: string | undefined) => {
    const start = token ? Number(token) : 0;
    const rows = job.rows.slice(start, start + pageSize);
    const next = start + pageSize < job.rows.length ? String(start + pageSize) : undefined;
    return {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: { projectId: 'fake', jobId: job.id, location: job.location },
      jobComplete: true,
      schema: { fields: job.fields },
      totalRows: String(job.rows.length),
      rows,
      ...(next ? { pageToken: next } : {}),
    };
  };

  const startJob = async (
    api: RecordedQuery['api'],
    q: Record<string, unknown>,
    location: string | undefined,
    body: Record<string, unknown>,
  ) => {
    const sql = String(q.query);
    const rawParams = (q.queryParameters ?? []) as RestParam[];
    const params = Object.fromEntries(rawParams.map((p) => [p.name, decodeParam(p)]));
    const paramTypes = Object.fromEntries(
      rawParams.map((p) => [
        p.name,
        p.parameterType.type === 'ARRAY' ? `ARRAY<${p.parameterType.arrayType?.type}>` : p.parameterType.type,
      ]),
    );
    const configuration = (body.configuration ?? body) as Record<string, unknown>;
    queries.push({
      api,
      sql,
      label: label(sql),
      params,
      paramTypes,
      maximumBytesBilled: q.maximumBytesBilled as string | undefined,
      jobTimeoutMs: configuration.jobTimeoutMs as string | undefined,
      location,
      body,
    });
    if (!zetasql) throw new Error('fake BigQuery: ZetaSQL is not running (npm ci --prefix test/zetasql)');
    const answer = await answerQuery(zetasql, sql, rawParams, {
      schema: (ref) => schemas.get(ref),
      rows: (ref) => tables.get(ref) ?? [],
    }).catch((err: Error) => {
      errors.push({ label: label(sql), message: err.message });
      throw err;
    });
    const job: Job = {
      id: `job_${randomUUID().replaceAll('-', '')}`,
      location,
      pending: pendingNext,
      fields: answer.fields,
      rows: answer.rows,
    };
    pendingNext = 0;
    jobs.set(job.id, job);
    return job;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/bigquery\/v2/, '');
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      body = { _unparsed: raw };
    }
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      body,
      at: Date.now(),
    });
    if (latencyMs) await sleep(latencyMs);
    if (failures && failures.times > 0) {
      failures.times--;
      send(res, failures.status, {
        error: {
          code: failures.status,
          message: 'Backend error (fake)',
          errors: [{ reason: 'backendError', message: 'Backend error (fake)' }],
        },
      });
      return;
    }
    const getResults = /^\/projects\/[^/]+\/queries\/([^/]+)$/.exec(path);
    const insertAll = /^\/projects\/[^/]+\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/.exec(path);
    const dataset = /^\/projects\/([^/]+)\/datasets\/([^/]+)$/.exec(path);
    const table = /^\/projects\/[^/]+\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && /^\/projects\/[^/]+\/queries$/.test(path)) {
      const job = await startJob('jobs.query', body, body.location as string | undefined, body);
      if (job.pending > 0) {
        job.pending--;
        send(res, 200, {
          kind: 'bigquery#queryResponse',
          jobReference: { projectId: 'fake', jobId: job.id, location: job.location },
          jobComplete: false,
        });
        return;
      }
      send(res, 200, { ...page(job, undefined), kind: 'bigquery#queryResponse' });
      return;
    }
    if (req.method === 'POST' && /^\/projects\/[^/]+\/jobs$/.test(path)) {
      const cfg = ((body.configuration as Record<string, unknown>)?.query ?? {}) as Record<string, unknown>;
      const ref = (body.jobReference ?? {}) as { jobId?: string; location?: string };
      const job = await startJob('jobs.insert', cfg, ref.location, body);
      if (ref.jobId) {
        jobs.delete(job.id);
        job.id = ref.jobId;
        jobs.set(job.id, job);
      }
      send(res, 200, {
        kind: 'bigquery#job',
        id: `fake:${job.id}`,
        jobReference: { projectId: 'fake', jobId: job.id, location: job.location },
        configuration: body.configuration,
        status: { state: 'RUNNING' },
      });
      return;
    }
    if (req.method === 'GET' && getResults) {
      const job = jobs.get(decodeURIComponent(getResults[1]!));
      if (!job) return send(res, 404, notFound('Job'));
      if (job.pending > 0) {
        job.pending--;
        send(res, 200, {
          kind: 'bigquery#getQueryResultsResponse',
          jobReference: { projectId: 'fake', jobId: job.id },
          jobComplete: false,
        });
        return;
      }
      send(res, 200, page(job, url.searchParams.get('pageToken') ?? undefined));
      return;
    }
    if (req.method === 'POST' && insertAll) {
      const table = `${insertAll[1]}.${insertAll[2]}`;
      const seen = seenInsertIds.get(table) ?? new Set<string>();
      seenInsertIds.set(table, seen);
      const rows = (body.rows ?? []) as { insertId?: string; json: Record<string, unknown> }[];
      for (const r of rows) {
        inserts.push({ table, insertId: r.insertId, json: r.json });
        if (r.insertId && seen.has(r.insertId)) continue;
        if (r.insertId) seen.add(r.insertId);
        tables.set(table, [...(tables.get(table) ?? []), r.json]);
      }
      send(res, 200, { kind: 'bigquery#tableDataInsertAllResponse' });
      return;
    }
    if (req.method === 'GET' && table) {
      const schema = schemas.get(`${table[1]}.${table[2]}`);
      if (!schema) return send(res, 404, notFound(`Table ${table[1]}.${table[2]}`));
      send(res, 200, {
        kind: 'bigquery#table',
        tableReference: { datasetId: table[1], tableId: table[2] },
        schema: {
          fields: schema.columns.map((c) => ({ name: c.name, type: c.type, mode: c.mode ?? 'NULLABLE' })),
        },
      });
      return;
    }
    if (req.method === 'GET' && dataset) {
      send(res, 200, {
        kind: 'bigquery#dataset',
        id: `${dataset[1]}:${dataset[2]}`,
        datasetReference: { projectId: dataset[1], datasetId: dataset[2] },
      });
      return;
    }
    if (req.method === 'POST' && /\/cancel$/.test(path))
      return send(res, 200, { kind: 'bigquery#jobCancelResponse' });
    send(res, 404, { error: { code: 404, message: `fake BigQuery: no route ${req.method} ${path}` } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (res.headersSent) return;
      if (err instanceof TableNotFound) return send(res, 404, notFound(err.message));
      send(res, 400, { error: { code: 400, message: err.message, errors: [{ reason: 'invalidQuery' }] } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    tables,
    requests: () => [...requests],
    queries: (l) => queries.filter((q) => !l || q.label === l),
    get schemas() {
      return schemas;
    },
    errors: () => [...errors],
    inserts: (t) => inserts.filter((i) => !t || i.table === t),
    failNext(times = 1, status = 500) {
      failures = { times, status };
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    setPending(n) {
      pendingNext = n;
    },
    setPageSize(n) {
      pageSize = n;
    },
    reset() {
      tables.clear();
      requests = [];
      queries = [];
      inserts = [];
      seenInsertIds.clear();
      jobs.clear();
      failures = undefined;
      latencyMs = 0;
      pendingNext = 0;
      pageSize = 1000;
      schemas = defaultSchemas();
      errors = [];
    },
    async close() {
      zetasql?.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
