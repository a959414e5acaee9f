/**
 * Unsigned 20 MB bodies cannot inflate the bot's memory: each gets 413 and is never buffered, whether it
 * declares its length or streams it chunked. The client side streams one reused 1 MB buffer with
 * backpressure, so the process's RSS measures the server.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';

const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(MB, 'x');

/** Streams `size` bytes (declared or chunked) and resolves with the status the server answered. */
function sendBig(url: string, size: number, declared: boolean): Promise<number> {
  return new Promise((resolve) => {
    const req = request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(declared ? { 'content-length': String(size) } : {}),
      },
    });
    let sent = 0;
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', () => resolve(-1)); // the server closed the socket after answering
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += CHUNK.length;
        if (!req.write(CHUNK)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe('10 concurrent unsigned 20 MB bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it.each([
    ['declaring their length', true],
    ['streamed chunked', false],
  ])('%s: all 413, RSS grows < 20 MB', async (_name, declared) => {
    const before = process.memoryUsage().rss;
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => sendBig(t.eventsUrl, 20 * MB, declared)),
    );
    const growth = (process.memoryUsage().rss - before) / MB;
    expect(statuses).toEqual(Array(10).fill(413));
    expect(growth).toBeLessThan(20);
  });
});
