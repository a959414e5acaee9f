/**
 * A gRPC (HTTP/2 cleartext) proxy in front of the Firestore emulator, for outage tests. Point an app's
 * FIRESTORE_EMULATOR_HOST at `host`: every call is forwarded to the emulator unless a fault is set,
 * in which case matching calls are answered at once with a gRPC error (a "trailers-only" response).
 *
 * Why not a closed port: the Firestore client retries UNAVAILABLE for up to 10 minutes on writes
 * (and ~45 s on reads) before failing, far too slow for a test. A deadline that Firestore cannot
 * meet (DEADLINE_EXCEEDED) is not retried on Commit, so the write fails the way an overloaded or
 * unreachable Firestore eventually does, quickly.
 */
import {
  type ClientHttp2Session,
  connect,
  constants,
  createServer,
  type Http2Server,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  type ServerHttp2Session,
  type ServerHttp2Stream,
} from 'node:http2';
import type { AddressInfo } from 'node:net';

export interface FirestoreFault {
  /** gRPC status code (default 4, DEADLINE_EXCEEDED). */
  code?: number;
  message?: string;
  /** Which RPCs fail (matched against the method name, e.g. `Commit`); default every RPC. */
  methods?: string[];
  /** Never answer (a stopped or black-holed Firestore) instead of answering with an error. */
  hang?: boolean;
}

export interface FirestoreProxy {
  /** `127.0.0.1:PORT` for FIRESTORE_EMULATOR_HOST. */
  host: string;
  /** RPC method names received (e.g. `BatchGetDocuments`, `Commit`), in order. */
  calls: string[];
  /** RPC method names answered with the fault. */
  failed: string[];
  setFault(fault: FirestoreFault | undefined): void;
  /** Delay every forwarded call by `ms` (a distant Firestore; the speed benchmarks inject 20 ms). */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** The Firestore RPCs that write (a batch commit, a transaction's begin/commit). */
export const FIRESTORE_WRITES = ['Commit', 'BeginTransaction', 'BatchWrite'];

const DEADLINE_EXCEEDED = 4;
const HOP_BY_HOP = new Set([':status', ':method', ':path', ':authority', ':scheme', 'connection']);

function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

export async function startFirestoreProxy(emulatorHost: string): Promise<FirestoreProxy> {
  let fault: FirestoreFault | undefined;
  let latencyMs = 0;
  const calls: string[] = [];
  const failed: string[] = [];
  let upstream: ClientHttp2Session | undefined;
  const session = (): ClientHttp2Session => {
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = connect(`http://${emulatorHost}`);
      upstream.on('error', () => {});
    }
    return upstream;
  };

  const server: Http2Server = createServer();
  const sessions = new Set<ServerHttp2Session>();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    const path = String(headers[':path'] ?? '');
    const method = path.split('/').at(-1) ?? path;
    calls.push(method);
    if (fault && (!fault.methods || fault.methods.includes(method))) {
      failed.push(method);
      stream.resume();
      if (fault.hang) return;
      stream.respond(
        {
          ':status': 200,
          'content-type': 'application/grpc',
          'grpc-status': String(fault.code ?? DEADLINE_EXCEEDED),
          'grpc-message': encodeURIComponent(fault.message ?? 'Deadline Exceeded (fake Firestore outage)'),
        },
        { endStream: true },
      );
      return;
    }
    if (latencyMs > 0) {
      stream.pause();
      setTimeout(() => forward(stream, path, headers), latencyMs);
    } else forward(stream, path, headers);
  });
  const forward = (stream: ServerHttp2Stream, path: string, headers: IncomingHttpHeaders): void => {
    if (stream.destroyed) return;
    const up = session().request({ ':method': 'POST', ':path': path, ...forwardable(headers) });
    up.on('error', () => stream.close(constants.NGHTTP2_INTERNAL_ERROR));
    let trailers: OutgoingHttpHeaders = { 'grpc-status': '0' };
    up.on('trailers', (t) => {
      trailers = forwardable(t);
    });
    up.on('response', (h) => {
      stream.respond(
        { ...forwardable(h), ':status': Number(h[':status'] ?? 200) },
        { waitForTrailers: true },
      );
      stream.on('wantTrailers', () => stream.sendTrailers(trailers));
      up.pipe(stream);
    });
    stream.pipe(up);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    calls,
    failed,
    setFault(f) {
      fault = f;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    async close() {
      upstream?.destroy();
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
