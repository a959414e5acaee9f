/**
 * Request bodies with a size limit: a declared `content-length` over the limit is refused before a byte
 * is read, and a chunked body is counted as it arrives and cut off at the limit — an unsigned 20 MB body
 * never sits in memory.
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { ok: true; raw: Buffer } | { ok: false; status: 413 | 400; reason: string };

/** True when the request declares a body larger than `limit` (checked before reading anything). */
export function declaresTooLarge(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  if (declaresTooLarge(req, limit)) {
    return Promise.resolve({ ok: false, status: 413, reason: `body over ${limit} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.removeListener('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        return finish({ ok: false, status: 413, reason: `body over ${limit} bytes` });
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish({ ok: true, raw: Buffer.concat(chunks) }));
    req.once('error', () => finish({ ok: false, status: 400, reason: 'the request body could not be read' }));
    req.once('aborted', () => finish({ ok: false, status: 400, reason: 'the request was aborted' }));
  });
}
