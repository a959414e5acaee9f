/**
 * A fake of the BigQuery REST API's admin side over real HTTP on 127.0.0.1, for `setup` and `doctor`:
 * `datasets.get/insert`, `tables.get/insert/patch` (types stored as the API answers them: INTEGER, FLOAT,
 * BOOLEAN), and `jobs.insert` with `dryRun: true` answering `totalBytesProcessed` (programmable per query
 * label: bytes or an error). Paths work with and without `/bigquery/v2`. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface AdminRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export interface StoredTable {
  tableReference: { projectId: string; datasetId: string; tableId: string };
  description?: string;
  schema: { fields: { name: string; type: string; mode?: string; description?: string }[] };
  timePartitioning?: { type: string; field?: string };
  clustering?: { fields: string[] };
}

export type DryRunAnswer = { bytes: number } | { error: { status: number; message: string } };

export interface FakeBigQueryAdmin {
  url: string;
  /** Datasets by id, with their location. */
  datasets: Map<string, { location?: string }>;
  /** Tables by `dataset.table`. */
  tables: Map<string, StoredTable>;
  requests(): AdminRequest[];
  /** Requests that change something (anything but GET and dry runs). */
  writes(): AdminRequest[];
  /** Dry-run SQL received, by query label. */
  dryRuns(): { label: string; sql: string; maximumBytesBilled?: string }[];
  /** How a dry run of the query labelled `label` is answered (default 1 MiB). */
  setDryRun(label: string, answer: DryRunAnswer): void;
  reset(): void;
  close(): Promise<void>;
}

/** What tables.get answers for GoogleSQL type names (the API still speaks legacy names). */
const LEGACY: Record<string, string> = { INT64: 'INTEGER', FLOAT64: 'FLOAT', BOOL: 'BOOLEAN' };

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      resolve(raw ? (JSON.parse(raw) as Record<string, unknown>) : {});
    });
    req.on('error', reject);
  });
}

const legacy = (t: StoredTable): StoredTable => ({
  ...t,
  schema: { fields: t.schema.fields.map((f) => ({ ...f, type: LEGACY[f.type] ?? f.type })) },
});

export async function startFakeBigQueryAdmin(): Promise<FakeBigQueryAdmin> {
  const datasets = new Map<string, { location?: string }>();
  const tables = new Map<string, StoredTable>();
  let requests: (AdminRequest & { dryRun?: boolean })[] = [];
  let dryRuns: { label: string; sql: string; maximumBytesBilled?: string }[] = [];
  let answers = new Map<string, DryRunAnswer>();
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  const error = (res: ServerResponse, status: number, message: string) =>
    send(res, status, {
      error: {
        code: status,
        message,
        errors: [{ reason: status === 404 ? 'notFound' : 'invalid', message }],
      },
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.replace(/^\/bigquery\/v2/, '');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const request: AdminRequest & { dryRun?: boolean } = { method, path, body };
    requests.push(request);
    const dataset = /^\/projects\/([^/]+)\/datasets\/([^/]+)$/.exec(path);
    const table = /^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(path);
    const tablesOf = /^\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/.exec(path);
    if (method === 'POST' && /^\/projects\/[^/]+\/jobs$/.test(path)) {
      const config = body.configuration as {
        dryRun?: boolean;
        query?: { query?: string; maximumBytesBilled?: string };
      };
      if (!config?.dryRun) return error(res, 400, 'fake BigQuery admin: only dry runs');
      request.dryRun = true;
      const sql = String(config.query?.query ?? '');
      const label = /pipeline-bot:([a-z_]+)/.exec(sql)?.[1] ?? 'unknown';
      dryRuns.push({ label, sql, maximumBytesBilled: config.query?.maximumBytesBilled });
      const answer = answers.get(label) ?? { bytes: 1024 * 1024 };
      if ('error' in answer) return error(res, answer.error.status, answer.error.message);
      return send(res, 200, {
        kind: 'bigquery#job',
        jobReference: body.jobReference,
        configuration: body.configuration,
        status: { state: 'DONE' },
        statistics: {
          totalBytesProcessed: String(answer.bytes),
          query: { totalBytesProcessed: String(answer.bytes) },
        },
      });
    }
    if (method === 'GET' && dataset) {
      const found = datasets.get(dataset[2]!);
      if (!found) return error(res, 404, `Not found: Dataset ${dataset[1]}:${dataset[2]}`);
      return send(res, 200, {
        kind: 'bigquery#dataset',
        datasetReference: { projectId: dataset[1], datasetId: dataset[2] },
        ...found,
      });
    }
    if (method === 'POST' && /^\/projects\/[^/]+\/datasets$/.test(path)) {
      const id = (body.datasetReference as { datasetId: string }).datasetId;
      if (datasets.has(id)) return error(res, 409, `Already Exists: Dataset ${id}`);
      datasets.set(id, { location: body.location as string | undefined });
      return send(res, 200, { kind: 'bigquery#dataset', ...body });
    }
    if (method === 'GET' && table) {
      const found = tables.get(`${table[2]}.${table[3]}`);
      if (!found) return error(res, 404, `Not found: Table ${table[1]}:${table[2]}.${table[3]}`);
      return send(res, 200, { kind: 'bigquery#table', ...legacy(found) });
    }
    if (method === 'POST' && tablesOf) {
      if (!datasets.has(tablesOf[2]!)) return error(res, 404, `Not found: Dataset ${tablesOf[2]}`);
      const stored = body as unknown as StoredTable;
      const key = `${tablesOf[2]}.${stored.tableReference.tableId}`;
      if (tables.has(key)) return error(res, 409, `Already Exists: Table ${key}`);
      tables.set(key, stored);
      return send(res, 200, { kind: 'bigquery#table', ...legacy(stored) });
    }
    if (method === 'PATCH' && table) {
      const key = `${table[2]}.${table[3]}`;
      const found = tables.get(key);
      if (!found) return error(res, 404, `Not found: Table ${key}`);
      const patched = { ...found, ...(body as Partial<StoredTable>) };
      tables.set(key, patched);
      return send(res, 200, { kind: 'bigquery#table', ...legacy(patched) });
    }
    error(res, 404, `fake BigQuery admin: no route ${method} ${path}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) error(res, 400, String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    datasets,
    tables,
    requests: () => requests.map(({ dryRun: _d, ...r }) => r),
    writes: () => requests.filter((r) => r.method !== 'GET' && !r.dryRun).map(({ dryRun: _d, ...r }) => r),
    dryRuns: () => [...dryRuns],
    setDryRun(label, answer) {
      answers.set(label, answer);
    },
    reset() {
      datasets.clear();
      tables.clear();
      requests = [];
      dryRuns = [];
      answers = new Map();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
