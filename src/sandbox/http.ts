/**
 * Small HTTP helpers for the sandbox's routes: bounded body reads, the loopback check and
 * the same-origin check that keeps other web pages from posting clicks to the sandbox.
 */

import type { IncomingMessage } from 'node:http';
import { readBody as readLimited } from '../http/body.js';

/** Why 1 MiB: the largest thing posted here is a Block Kit message (Slack caps those far below). */
const MAX_BODY_BYTES = 1024 * 1024;

/** Why: the sandbox is for whoever sits at this machine; these are its own addresses and names. */
const LOOPBACK_PEERS = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Why a set: the three hosts the sandbox page is reachable on over loopback (no DNS-rebinding name). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The request body as text, through the receiver's one bounded reader (413 before buffering too much). */
export async function readBody(req: IncomingMessage): Promise<string> {
  const body = await readLimited(req, MAX_BODY_BYTES);
  if (!body.ok) throw new HttpError(body.status, body.reason);
  return body.raw.toString('utf8');
}

/** A request from this machine, addressed to a loopback name (no DNS-rebinding host). */
export function isLoopback(req: IncomingMessage): boolean {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  return LOOPBACK_PEERS.has(req.socket.remoteAddress ?? '') && LOOPBACK_HOSTS.has(host);
}

/**
 * The page's own POSTs: JSON (a cross-site form or `text/plain` fetch cannot send that without a CORS
 * preflight, which is never granted) and, when the browser names an origin, this very origin.
 */
export async function readPageJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'expected application/json');
  }
  const origin = req.headers.origin;
  if (origin && origin !== `http://${req.headers.host}`) throw new HttpError(403, 'cross-origin request');
  try {
    const body = JSON.parse(await readBody(req)) as unknown;
    if (typeof body !== 'object' || body === null) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch (err) {
    if (err instanceof HttpError) throw err;
    throw new HttpError(400, 'body is not a JSON object');
  }
}
