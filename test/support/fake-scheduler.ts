/**
 * A fake Cloud Scheduler REST API (`POST /v1/projects/{p}/locations/{l}/jobs/{j}:run`) for tests.
 * Records every call with the exact job name; failures and delays are programmable.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SchedulerCall {
  method: string;
  path: string;
  /** `projects/{p}/locations/{l}/jobs/{j}` when the path matched the run method. */
  name?: string;
  body: string;
  authorization?: string;
  at: Date;
}

export interface FakeFailure {
  status: number;
  message?: string;
}

export interface FakeScheduler {
  /** Base URL for `CLOUD_SCHEDULER_API_ENDPOINT`. */
  url: string;
  calls: SchedulerCall[];
  /** Successful `:run` calls, by job name. */
  runs(): string[];
  /** The next `count` run calls fail with `status`. */
  failNext(count: number, failure?: FakeFailure): void;
  /** Every run call waits this long before answering. */
  setDelay(ms: number): void;
  /** When set, run calls for other job names answer 404 NOT_FOUND. */
  setKnownJobs(names: string[] | undefined): void;
  reset(): void;
  close(): Promise<void>;
}

const RUN = /^\/v1\/(projects\/[^/]+\/locations\/[^/]+\/jobs\/[^/:]+):run$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function googleError(status: number, message: string): string {
  const statusName: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return JSON.stringify({ error: { code: status, message, status: statusName[status] ?? 'UNKNOWN' } });
}

export async function startFakeScheduler(): Promise<FakeScheduler> {
  const calls: SchedulerCall[] = [];
  const ok: string[] = [];
  let failures: FakeFailure[] = [];
  let delay = 0;
  let known: Set<string> | undefined;

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const m = RUN.exec(path);
    const call: SchedulerCall = {
      method: req.method ?? '',
      path,
      name: m?.[1],
      body,
      authorization: req.headers.authorization,
      at: new Date(),
    };
    calls.push(call);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'POST' || !m) {
      res.statusCode = 404;
      res.end(googleError(404, `no such method: ${req.method} ${path}`));
      return;
    }
    const failure = failures.shift();
    if (failure) {
      res.statusCode = failure.status;
      res.end(googleError(failure.status, failure.message ?? 'fake failure'));
      return;
    }
    if (known && !known.has(m[1]!)) {
      res.statusCode = 404;
      res.end(googleError(404, `Job not found: ${m[1]}`));
      return;
    }
    ok.push(m[1]!);
    res.statusCode = 200;
    res.end(JSON.stringify({ name: m[1], state: 'ENABLED', lastAttemptTime: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    runs: () => [...ok],
    failNext(count, failure = { status: 503, message: 'The service is currently unavailable.' }) {
      failures.push(...Array.from({ length: count }, () => failure));
    },
    setDelay(ms) {
      delay = ms;
    },
    setKnownJobs(names) {
      known = names ? new Set(names) : undefined;
    },
    reset() {
      calls.length = 0;
      ok.length = 0;
      failures = [];
      delay = 0;
      known = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
