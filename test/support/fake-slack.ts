/**
 * A fake Slack for integration tests, over real HTTP on 127.0.0.1.
 *
 * It plays both the Slack Web API (`apiUrl`, pass it as `slackApiUrl` / SLACK_API_URL) and the
 * `response_url` target (`responseUrl(id)`), records everything it receives, and can be told to
 * fail: rate limits, HTTP errors, `ok: false` answers, outages, latency.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const REPLY = Symbol('fake-slack.reply');

/** One Web API call as received (every call, including the ones answered with a fault). */
export interface RecordedCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /**
   * Decoded arguments. Form-encoded values the WebClient JSON-stringified (`blocks`, `attachments`,
   * `metadata`, `view`, ...) are parsed back into objects/arrays; `'true'`/`'false'` become booleans;
   * other scalars stay strings (form encoding loses number types). JSON bodies are kept as sent.
   */
  body: Record<string, unknown>;
  /** Raw request body text. */
  rawBody: string;
  headers: IncomingHttpHeaders;
  /** `Date.now()` when the request was received. */
  at: number;
  /** HTTP status answered (0 when the socket was destroyed). */
  status: number;
  /** JSON body answered (undefined when the socket was destroyed). */
  response: unknown;
}

/** One POST to a `response_url`. */
export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FaultSpec {
  /** HTTP status; default 429 when `retryAfterSeconds` is set, else 200 when `body` is set, else 500. */
  status?: number;
  /** Sets the `Retry-After` header (seconds). */
  retryAfterSeconds?: number;
  /** JSON body; defaults: 429 → `{ok:false,error:'ratelimited'}`, other → `{ok:false,error:'fatal_error'}`. */
  body?: object;
  /** How many consecutive calls of this method get the fault; default 1. */
  times?: number;
  /** The call takes effect (a post lands) but its answer is lost: the socket is destroyed instead. */
  loseAnswer?: boolean;
}

/** A message as the fake's channel history keeps it. */
export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** A custom answer with full control over status and headers; build it with `httpReply`. */
export interface HttpReply {
  readonly [REPLY]: true;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * A handler for `respondWith`: return a JSON body (answered with 200) or `httpReply(...)`.
 * Returning `undefined` falls through to the default answer.
 */
export type FakeHandler = (call: Omit<RecordedCall, 'status' | 'response'>) => unknown | Promise<unknown>;

export type DownMode = '503' | 'reset';

/** A file sent through `files.uploadV2` (get URL → upload bytes → complete). */
export interface FakeUpload {
  fileId: string;
  filename: string;
  /** The bytes POSTed to the upload URL (empty until then). */
  bytes: Buffer;
  /** Set by `files.completeUploadExternal`. */
  completed?: { channel?: string; threadTs?: string; title?: string; initialComment?: string };
}

export interface WaitState {
  calls: RecordedCall[];
  responses: RecordedResponse[];
}

export interface FakeSlack {
  /** `http://127.0.0.1:PORT/api/` */
  apiUrl: string;
  /** `http://127.0.0.1:PORT` */
  baseUrl: string;
  port: number;
  /** `http://127.0.0.1:PORT/respond/<id>`; a fresh id when omitted. */
  responseUrl(id?: string): string;
  failNext(method: string, fault?: FaultSpec): void;
  /** Every API call answers 503 (mode '503', default) or has its socket destroyed (mode 'reset'). */
  setDown(down: boolean, mode?: DownMode): void;
  /** Delay before every answer (API and response_url). */
  setLatency(ms: number): void;
  /** Custom answers for a method; `null` removes the handler. */
  respondWith(method: string, handler: FakeHandler | null): void;
  /** Members returned by `usergroups.users.list` for `usergroup`. */
  setUsergroupMembers(usergroup: string, users: string[]): void;
  /** Recorded API calls, optionally for one method (copies, in arrival order). */
  calls(method?: string): RecordedCall[];
  /** Calls that were answered 200 with `ok !== false`. */
  succeededCalls(method?: string): RecordedCall[];
  /** Recorded response_url posts, optionally for one id. */
  responses(id?: string): RecordedResponse[];
  /** Files uploaded with files.uploadV2, in order. */
  uploads(): FakeUpload[];
  /** Messages posted with chat.postMessage (including those whose answer was lost), per channel. */
  messages(channel?: string): StoredMessage[];
  /**
   * Polls until `predicate` returns a truthy value and resolves with it; rejects after `timeoutMs`
   * with a listing of everything recorded.
   */
  waitFor<T>(
    predicate: (state: WaitState) => T | undefined | null | false,
    timeoutMs?: number,
    description?: string,
  ): Promise<T>;
  /** Waits for a call of `method` (matching `match`, if given) and resolves with it. */
  waitForCall(
    method: string,
    match?: (call: RecordedCall) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedCall>;
  /** Waits for a response_url post (for `id`, if given, and matching `match`) and resolves with it. */
  waitForResponse(
    id?: string,
    match?: (response: RecordedResponse) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedResponse>;
  /** Clears records, faults, handlers, latency, down state and usergroups (keeps the ts counter). */
  reset(): void;
  close(): Promise<void>;
}

/** A custom answer for `respondWith` handlers. */
export function httpReply(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { [REPLY]: true, status, body, headers };
}

function isHttpReply(value: unknown): value is HttpReply {
  return typeof value === 'object' && value !== null && REPLY in value;
}

/** Fields that are always plain strings even when they look like JSON. */
const STRING_FIELDS = new Set(['text', 'markdown_text', 'alt_text', 'title', 'initial_comment', 'content']);

export function decodeFormBody(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = decodeFormValue(key, value);
  }
  return out;
}

function decodeFormValue(key: string, value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (!STRING_FIELDS.has(key) && /^\s*[[{]/.test(value)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw.length === 0) return {};
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/json') || (!ct.includes('x-www-form-urlencoded') && /^\s*\{/.test(raw))) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        return parsed as Record<string, unknown>;
      }
      return { value: parsed };
    } catch {
      return { _unparsed: raw };
    }
  }
  return decodeFormBody(raw);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The file in an upload body: raw bytes, or the first part of a multipart/form-data body (what WebClient sends). */
function fileBytes(body: Buffer, contentType: string | undefined): Buffer {
  const boundary = /multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType ?? '')?.[2];
  if (!boundary) return body;
  const start = body.indexOf('\r\n\r\n', body.indexOf(`--${boundary}`)) + 4;
  return body.subarray(start, body.indexOf(`\r\n--${boundary}`, start));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function summarize(value: unknown, max = 300): string {
  let s: string;
  try {
    s = JSON.stringify(value) ?? String(value);
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  let calls: RecordedCall[] = [];
  let responses: RecordedResponse[] = [];
  let faults = new Map<string, FaultSpec[]>();
  let handlers = new Map<string, FakeHandler>();
  let usergroups = new Map<string, string[]>();
  let stored: StoredMessage[] = [];
  let uploads: FakeUpload[] = [];
  let latencyMs = 0;
  let down: DownMode | null = null;
  let tsCounter = 0;
  let responseIdCounter = 0;
  const sockets = new Set<Socket>();

  // Like Slack's: the epoch second of the post (history's `oldest` filters on it), unique per message.
  const startSec = Math.floor(Date.now() / 1000);
  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    const sec = startSec + Math.floor(micros / 1_000_000);
    return `${sec}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };

  const defaultAnswer = (method: string, body: Record<string, unknown>): unknown => {
    switch (method) {
      case 'chat.postMessage': {
        const ts = nextTs();
        const message: Record<string, unknown> = {
          type: 'message',
          user: 'UBOT',
          bot_id: 'B0BOT',
          app_id: 'A0PIPEBOT',
          text: body.text ?? '',
          ts,
        };
        if (body.blocks !== undefined) message.blocks = body.blocks;
        if (body.attachments !== undefined) message.attachments = body.attachments;
        if (body.thread_ts !== undefined) message.thread_ts = body.thread_ts;
        stored.push({
          channel: String(body.channel),
          ts,
          text: String(body.text ?? ''),
          ...(body.thread_ts !== undefined ? { thread_ts: String(body.thread_ts) } : {}),
          ...(body.metadata ? { metadata: body.metadata as StoredMessage['metadata'] } : {}),
        });
        return { ok: true, channel: body.channel, ts, message };
      }
      case 'conversations.history': {
        // Top-level messages, newest first, since `oldest`; metadata only when asked for.
        const oldest = Number(body.oldest ?? 0);
        const messages = stored
          .filter((m) => m.channel === body.channel && !m.thread_ts && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => (body.include_all_metadata ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.replies': {
        const messages = stored
          .filter((m) => m.channel === body.channel && (m.ts === body.ts || m.thread_ts === body.ts))
          .map((m) => (body.include_all_metadata ? m : { ...m, metadata: undefined }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.update':
        return {
          ok: true,
          channel: body.channel,
          ts: body.ts,
          text: body.text ?? '',
          message: {
            type: 'message',
            user: 'UBOT',
            bot_id: 'B0BOT',
            text: body.text ?? '',
            blocks: body.blocks,
          },
        };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'auth.test':
        return {
          ok: true,
          url: 'https://pipeline-test.slack.com/',
          team: 'Pipeline Test',
          user: 'pipeline-bot',
          team_id: 'T0TEAM',
          user_id: 'UBOT',
          bot_id: 'B0BOT',
          is_enterprise_install: false,
        };
      case 'views.publish':
        return { ok: true };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(uploads.length + 1).padStart(8, '0')}`;
        uploads.push({ fileId, filename: String(body.filename ?? ''), bytes: Buffer.alloc(0) });
        return { ok: true, upload_url: `${baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = (Array.isArray(body.files) ? body.files : []) as Array<{ id: string; title?: string }>;
        for (const f of files) {
          const upload = uploads.find((u) => u.fileId === f.id);
          if (!upload) return { ok: false, error: 'file_not_found' };
          upload.completed = {
            channel: body.channel_id === undefined ? undefined : String(body.channel_id),
            threadTs: body.thread_ts === undefined ? undefined : String(body.thread_ts),
            title: f.title,
            initialComment: body.initial_comment === undefined ? undefined : String(body.initial_comment),
          };
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'usergroups.users.list': {
        const id = typeof body.usergroup === 'string' ? body.usergroup : '';
        return { ok: true, users: [...(usergroups.get(id) ?? [])] };
      }
      default:
        return { ok: true };
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, method: string) => {
    const rawBody = await readBody(req);
    const call: RecordedCall = {
      method,
      body: parseBody(rawBody, req.headers['content-type']),
      rawBody,
      headers: req.headers,
      at: Date.now(),
      status: 0,
      response: undefined,
    };
    calls.push(call);
    if (latencyMs > 0) await sleep(latencyMs);

    if (down === 'reset') {
      req.socket.destroy();
      return;
    }
    if (down === '503') {
      call.status = 503;
      call.response = { ok: false, error: 'service_unavailable' };
      send(res, 503, call.response);
      return;
    }

    const queue = faults.get(method);
    const fault = queue?.[0];
    if (queue && fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) queue.shift();
      if (fault.loseAnswer) {
        call.response = defaultAnswer(method, call.body);
        req.socket.destroy();
        return;
      }
      const status =
        fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : fault.body !== undefined ? 200 : 500);
      const body = fault.body ?? { ok: false, error: status === 429 ? 'ratelimited' : 'fatal_error' };
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      call.status = status;
      call.response = body;
      send(res, status, body, headers);
      return;
    }

    const handler = handlers.get(method);
    if (handler) {
      const { status: _s, response: _r, ...input } = call;
      let result: unknown;
      try {
        result = await handler(input);
      } catch (err) {
        call.status = 500;
        call.response = { ok: false, error: 'fake_handler_threw', detail: String(err) };
        send(res, 500, call.response);
        return;
      }
      if (isHttpReply(result)) {
        call.status = result.status;
        call.response = result.body;
        send(res, result.status, result.body, result.headers);
        return;
      }
      if (result !== undefined) {
        call.status = 200;
        call.response = result;
        send(res, 200, result);
        return;
      }
    }

    call.status = 200;
    call.response = defaultAnswer(method, call.body);
    send(res, 200, call.response);
  };

  const handleRespond = async (req: IncomingMessage, res: ServerResponse, id: string) => {
    const rawBody = await readBody(req);
    responses.push({
      id,
      body: parseBody(rawBody, req.headers['content-type']),
      headers: req.headers,
      at: Date.now(),
    });
    if (latencyMs > 0) await sleep(latencyMs);
    send(res, 200, { ok: true });
  };

  /** The upload URL of files.uploadV2: raw bytes, answered with plain text like Slack's. */
  const handleUpload = async (req: IncomingMessage, res: ServerResponse, fileId: string) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upload = uploads.find((u) => u.fileId === fileId);
    if (!upload) {
      res.writeHead(404).end('unknown upload');
      return;
    }
    upload.bytes = fileBytes(Buffer.concat(chunks), req.headers['content-type']);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let work: Promise<void>;
    if (req.method === 'POST' && path.startsWith('/api/') && path.length > '/api/'.length) {
      work = handleApi(req, res, decodeURIComponent(path.slice('/api/'.length)));
    } else if (req.method === 'POST' && path.startsWith('/upload/')) {
      work = handleUpload(req, res, decodeURIComponent(path.slice('/upload/'.length)));
    } else if (req.method === 'POST' && path.startsWith('/respond/')) {
      work = handleRespond(req, res, decodeURIComponent(path.slice('/respond/'.length)));
    } else {
      req.resume();
      send(res, 404, { ok: false, error: 'unknown_path', path, httpMethod: req.method });
      return;
    }
    work.catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed)
        send(res, 500, { ok: false, error: 'fake_error', detail: String(err) });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const describeState = (): string => {
    const lines: string[] = [`  ${calls.length} API call(s):`];
    for (const c of calls) lines.push(`    [${c.status}] ${c.method} ${summarize(c.body)}`);
    lines.push(`  ${responses.length} response_url post(s):`);
    for (const r of responses) lines.push(`    ${r.id} ${summarize(r.body)}`);
    return lines.join('\n');
  };

  const fake: FakeSlack = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    port,
    responseUrl(id?: string) {
      responseIdCounter += 1;
      const rid = id ?? `r${responseIdCounter}-${randomUUID().slice(0, 8)}`;
      return `${baseUrl}/respond/${encodeURIComponent(rid)}`;
    },
    failNext(method, fault = {}) {
      const queue = faults.get(method) ?? [];
      queue.push({ ...fault, times: fault.times ?? 1 });
      faults.set(method, queue);
    },
    setDown(value, mode = '503') {
      down = value ? mode : null;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    respondWith(method, handler) {
      if (handler) handlers.set(method, handler);
      else handlers.delete(method);
    },
    setUsergroupMembers(usergroup, users) {
      usergroups.set(usergroup, [...users]);
    },
    calls(method) {
      return calls.filter((c) => method === undefined || c.method === method);
    },
    succeededCalls(method) {
      return fake
        .calls(method)
        .filter(
          (c) =>
            c.status === 200 &&
            !(typeof c.response === 'object' && c.response && 'ok' in c.response && !c.response.ok),
        );
    },
    responses(id) {
      return responses.filter((r) => id === undefined || r.id === id);
    },
    uploads() {
      return [...uploads];
    },
    messages(channel) {
      return stored.filter((m) => channel === undefined || m.channel === channel);
    },
    async waitFor(predicate, timeoutMs = 5000, description) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate({ calls: [...calls], responses: [...responses] });
        if (value) return value;
        if (Date.now() >= deadline) {
          throw new Error(
            `fake-slack: timed out after ${timeoutMs} ms waiting for ${description ?? 'predicate'}; recorded:\n${describeState()}`,
          );
        }
        await sleep(20);
      }
    },
    waitForCall(method, match, timeoutMs) {
      return fake.waitFor(
        ({ calls: cs }) => cs.find((c) => c.method === method && (!match || match(c))),
        timeoutMs,
        `a ${method} call${match ? ' matching the given predicate' : ''}`,
      );
    },
    waitForResponse(id, match, timeoutMs) {
      return fake.waitFor(
        ({ responses: rs }) => rs.find((r) => (id === undefined || r.id === id) && (!match || match(r))),
        timeoutMs,
        `a response_url post${id === undefined ? '' : ` to ${id}`}${match ? ' matching the given predicate' : ''}`,
      );
    },
    reset() {
      calls = [];
      responses = [];
      faults = new Map();
      handlers = new Map();
      usergroups = new Map();
      stored = [];
      uploads = [];
      latencyMs = 0;
      down = null;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
  return fake;
}
