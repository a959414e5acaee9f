/**
 * A fake of the BigQuery REST API over real HTTP on 127.0.0.1, for the BigQuery adapter's tests.
 *
 * Speaks what `@google-cloud/bigquery` sends: `jobs.query` (POST …/queries), `jobs.insert` (POST …/jobs),
 * `jobs.getQueryResults` (GET …/queries/{jobId}, with `jobComplete: false` answers and `pageToken` paging),
 * `tabledata.insertAll` (rows kept by table, de-duplicated by `insertId`) and `datasets.get`. Paths work with
 * and without the `/bigquery/v2` prefix. Every request is recorded.
 *
 * Queries are answered by a small evaluator of pipeline-bot's own query shapes (recognised by their
 * `/* pipeline-bot:<label> *\/` comment) over the rows in `tables`, so the same contract cases can run here
 * and on the local adapter. Values go out as BigQuery sends them: INT64 as decimal strings, TIMESTAMP as
 * int64 microseconds, DATE as `YYYY-MM-DD`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FieldType = 'STRING' | 'INT64' | 'TIMESTAMP' | 'DATE' | 'BOOL';
export interface Field {
  name: string;
  type: FieldType;
}
export interface QueryAnswer {
  fields: Field[];
  rows: Record<string, unknown>[];
}
export type Params = Record<string, unknown>;
export type Engine = (
  sql: string,
  params: Params,
  tables: Map<string, Record<string, unknown>[]>,
) => QueryAnswer;

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
  setEngine(engine: Engine): void;
  reset(): void;
  close(): Promise<void>;
}

interface Job {
  id: string;
  location?: string;
  pending: number;
  fields: Field[];
  rows: { f: { v: unknown }[] }[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function micros(v: unknown): string {
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return v;
  if (typeof v === 'bigint') return v.toString();
  const ms = v instanceof Date ? v.getTime() : new Date(String(v)).getTime();
  return (BigInt(ms) * 1000n).toString();
}

function encode(v: unknown, type: FieldType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'TIMESTAMP':
      return micros(v);
    case 'INT64':
      return String(v);
    case 'BOOL':
      return v ? 'true' : 'false';
    default:
      return String(v);
  }
}

function decodeParam(p: {
  parameterType: { type: string; arrayType?: { type: string } };
  parameterValue: { value?: string; arrayValues?: { value: string }[] };
}): unknown {
  if (p.parameterType.type === 'ARRAY') return (p.parameterValue.arrayValues ?? []).map((a) => a.value);
  const v = p.parameterValue.value;
  if (p.parameterType.type === 'INT64') return Number(v);
  if (p.parameterType.type === 'BOOL') return v === 'true';
  return v;
}

const label = (sql: string) => /pipeline-bot:([a-z_]+)/.exec(sql)?.[1] ?? 'unknown';
const toMs = (v: unknown) =>
  v instanceof Date
    ? v.getTime()
    : /^-?\d+$/.test(String(v))
      ? Number(BigInt(String(v)) / 1000n)
      : new Date(String(v)).getTime();
/** `project.dataset.table` → `dataset.table`. */
const shortName = (ref: string) => ref.split('.').slice(-2).join('.');

/** pipeline-bot's queries, evaluated in plain JS over `tables`. */
export const pipelineBotEngine: Engine = (sql, params, tables) => {
  const rowsOf = (name: string) => tables.get(name) ?? [];
  const own = (table: string) => {
    const m = new RegExp(`\`([^\`]*\\.${table})\``).exec(sql);
    return m ? shortName(m[1]!) : `nba_orchestration.${table}`;
  };
  const countPerDate = (table: string, dateCol: string, keyCol: string) => {
    const out = new Map<string, Set<unknown>>();
    for (const r of rowsOf(table)) {
      const d = String(r[dateCol]);
      if (d < String(params.from) || d > String(params.to)) continue;
      if (!out.has(d)) out.set(d, new Set());
      out.get(d)!.add(r[keyCol]);
    }
    return out;
  };
  const specs = [
    ...sql.matchAll(/SELECT `(\w+)` AS d, COUNT\(DISTINCT `(\w+)`\) AS n\s+FROM `([^`]+)`/g),
  ].map((m) => ({
    date: m[1]!,
    key: m[2]!,
    table: shortName(m[3]!),
  }));
  switch (label(sql)) {
    case 'daily_counts': {
      const [e, a] = specs.map((s) => countPerDate(s.table, s.date, s.key)) as [
        Map<string, Set<unknown>>,
        Map<string, Set<unknown>>,
      ];
      const dates = [...new Set([...e.keys(), ...a.keys()])].sort();
      return {
        fields: [
          { name: 'date', type: 'DATE' },
          { name: 'expected', type: 'INT64' },
          { name: 'actual', type: 'INT64' },
        ],
        rows: dates.map((date) => ({
          date,
          expected: e.get(date)?.size ?? 0,
          actual: a.get(date)?.size ?? 0,
        })),
      };
    }
    case 'schedule': {
      const s = specs[0]!;
      const c = countPerDate(s.table, s.date, s.key);
      return {
        fields: [
          { name: 'd', type: 'DATE' },
          { name: 'n', type: 'INT64' },
        ],
        rows: [...c.entries()].map(([d, set]) => ({ d, n: set.size })),
      };
    }
    case 'failure_streaks': {
      const since = toMs(params.since);
      type Run = Record<string, unknown> & { kind: string; name: unknown };
      const all: Run[] = [
        ...rowsOf(own('scraper_execution_log')).map((r) => ({ ...r, kind: 'scraper', name: r.scraper_name })),
        ...rowsOf(own('processor_execution_log')).map((r) => ({
          ...r,
          kind: 'processor',
          name: r.processor_name,
        })),
      ];
      const runs = all.filter((r) => toMs(r.triggered_at) >= since);
      const groups = new Map<string, typeof runs>();
      for (const r of runs) {
        const k = `${r.kind}\u0000${String(r.name)}`;
        groups.set(k, [...(groups.get(k) ?? []), r]);
      }
      const rows = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, g]) => {
          const okTimes = g.filter((r) => r.status !== 'failed').map((r) => toMs(r.triggered_at));
          const lastOk = okTimes.length ? Math.max(...okTimes) : null;
          const tail = g
            .filter((r) => r.status === 'failed' && (lastOk === null || toMs(r.triggered_at) > lastOk))
            .sort((x, y) => toMs(x.triggered_at) - toMs(y.triggered_at));
          const lastErr = [...tail].reverse().find((r) => r.error_message != null);
          return {
            kind: g[0]!.kind,
            name: g[0]!.name,
            streak: tail.length,
            streak_start: tail[0]?.triggered_at ?? null,
            last_run_at: g.map((r) => r.triggered_at).sort((x, y) => toMs(y) - toMs(x))[0],
            last_ok_at:
              lastOk === null
                ? null
                : g.find((r) => r.status !== 'failed' && toMs(r.triggered_at) === lastOk)!.triggered_at,
            last_error: lastErr?.error_message ?? null,
          };
        });
      return {
        fields: [
          { name: 'kind', type: 'STRING' },
          { name: 'name', type: 'STRING' },
          { name: 'streak', type: 'INT64' },
          { name: 'streak_start', type: 'TIMESTAMP' },
          { name: 'last_run_at', type: 'TIMESTAMP' },
          { name: 'last_ok_at', type: 'TIMESTAMP' },
          { name: 'last_error', type: 'STRING' },
        ],
        rows,
      };
    }
    case 'phase_completions': {
      const phases = params.phases as string[];
      const latest = new Map<string, Record<string, unknown>>();
      for (const r of rowsOf(own('phase_completions'))) {
        const d = String(r.game_date);
        if (d < String(params.from) || d > String(params.to) || !phases.includes(String(r.phase))) continue;
        const k = `${d}|${String(r.phase)}`;
        const cur = latest.get(k);
        if (!cur || toMs(r.updated_at) > toMs(cur.updated_at)) latest.set(k, r);
      }
      return {
        fields: [
          { name: 'game_date', type: 'DATE' },
          { name: 'phase', type: 'STRING' },
          { name: 'is_triggered', type: 'BOOL' },
          { name: 'trigger_reason', type: 'STRING' },
          { name: 'completed_processor_count', type: 'INT64' },
          { name: 'updated_at', type: 'TIMESTAMP' },
        ],
        rows: [...latest.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => r),
      };
    }
    case 'failing_checks': {
      const since = toMs(params.since);
      const failing = rowsOf(own('validation_results')).filter(
        (r) => toMs(r.observed_at) >= since && (r.status === 'fail' || r.status === 'error'),
      );
      const byCheck = new Map<string, typeof failing>();
      for (const r of failing) byCheck.set(String(r.check), [...(byCheck.get(String(r.check)) ?? []), r]);
      const rows = [...byCheck.entries()].map(([check, g]) => {
        const last = [...g].sort((a, b) => toMs(b.observed_at) - toMs(a.observed_at))[0]!;
        return {
          check,
          failures: g.length,
          subjects: new Set(g.map((r) => r.subject)).size,
          days: new Set(g.map((r) => new Date(toMs(r.observed_at)).toISOString().slice(0, 10))).size,
          last_seen: last.observed_at,
          last_subject: last.subject,
          last_summary: last.summary,
        };
      });
      rows.sort((a, b) => b.days - a.days || b.failures - a.failures || a.check.localeCompare(b.check));
      return {
        fields: [
          { name: 'check', type: 'STRING' },
          { name: 'failures', type: 'INT64' },
          { name: 'subjects', type: 'INT64' },
          { name: 'days', type: 'INT64' },
          { name: 'last_seen', type: 'TIMESTAMP' },
          { name: 'last_subject', type: 'STRING' },
          { name: 'last_summary', type: 'STRING' },
        ],
        rows: rows.slice(0, Number(params.limit)),
      };
    }
    default:
      throw new Error(`fake BigQuery cannot evaluate query: ${sql.slice(0, 80)}`);
  }
};

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
  let engine: Engine = pipelineBotEngine;
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
      schema: { fields: job.fields.map((f) => ({ ...f, mode: 'NULLABLE' })) },
      totalRows: String(job.rows.length),
      rows,
      ...(next ? { pageToken: next } : {}),
    };
  };

  const startJob = (
    api: RecordedQuery['api'],
    q: Record<string, unknown>,
    location: string | undefined,
    body: Record<string, unknown>,
  ) => {
    const sql = String(q.query);
    const rawParams = (q.queryParameters ?? []) as Parameters<typeof decodeParam>[0][];
    const params = Object.fromEntries(
      rawParams.map((p) => [(p as unknown as { name: string }).name, decodeParam(p)]),
    );
    const paramTypes = Object.fromEntries(
      rawParams.map((p) => [
        (p as unknown as { name: string }).name,
        p.parameterType.type === 'ARRAY' ? `ARRAY<${p.parameterType.arrayType?.type}>` : p.parameterType.type,
      ]),
    );
    queries.push({
      api,
      sql,
      label: label(sql),
      params,
      paramTypes,
      maximumBytesBilled: q.maximumBytesBilled as string | undefined,
      location,
      body,
    });
    const answer = engine(sql, params, tables);
    const job: Job = {
      id: `job_${randomUUID().replaceAll('-', '')}`,
      location,
      pending: pendingNext,
      fields: answer.fields,
      rows: answer.rows.map((r) => ({ f: answer.fields.map((f) => ({ v: encode(r[f.name], f.type) })) })),
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
    if (req.method === 'POST' && /^\/projects\/[^/]+\/queries$/.test(path)) {
      const job = startJob('jobs.query', body, body.location as string | undefined, body);
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
      const job = startJob('jobs.insert', cfg, ref.location, body);
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
      if (!job)
        return send(res, 404, {
          error: { code: 404, message: 'Not found: Job', errors: [{ reason: 'notFound' }] },
        });
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
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        send(res, 400, { error: { code: 400, message: String(err), errors: [{ reason: 'invalidQuery' }] } });
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
    setEngine(e) {
      engine = e;
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
      engine = pipelineBotEngine;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
