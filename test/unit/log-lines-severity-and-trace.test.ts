/**
 * Log lines Cloud Logging understands: `severity` and `message` on every JSON line, the request's trace
 * (`X-Cloud-Trace-Context`) on the request log and on every entry logged while the request is handled,
 * secrets redacted; on a terminal, one readable line instead.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { logRequests, traceFields } from '../../src/http/request-log.js';
import { createLogger } from '../../src/log.js';
import { humanLine } from '../../src/log-format.js';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const log = createLogger(level, { human: false, write: (l) => lines.push(l) });
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>), lines };
}

const TRACE = '105445aa7843bc8bf206b12000100000';

describe('JSON log lines', () => {
  it('carry Cloud Logging severity names and `message`, not pino numbers', () => {
    const { log, entries } = capture();
    log.debug('d');
    log.info({ n: 1 }, 'i');
    log.warn('w');
    log.error({ err: new Error('boom') }, 'e');
    const got = entries();
    expect(got.map((e) => e.severity)).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
    expect(got.map((e) => e.message)).toEqual(['d', 'i', 'w', 'e']);
    expect(got[0]).not.toHaveProperty('level');
    expect(got[0]).not.toHaveProperty('msg');
    expect(new Date(String(got[0]!.time)).toISOString()).toBe(got[0]!.time);
    expect((got[3]!.err as { message: string }).message).toBe('boom');
  });

  it('never contain tokens or secrets', () => {
    const { log, lines } = capture();
    log.info({ token: 'xoxb-1', slack: { signingSecret: 's3cr3t' } }, 'config');
    expect(lines.join('')).not.toMatch(/xoxb-1|s3cr3t/);
  });
});

describe('trace correlation', () => {
  it('turns X-Cloud-Trace-Context into the trace, span (hex) and sampling fields of the project', () => {
    expect(traceFields(`${TRACE}/1;o=1`, 'my-proj')).toEqual({
      'logging.googleapis.com/trace': `projects/my-proj/traces/${TRACE}`,
      'logging.googleapis.com/spanId': '0000000000000001',
      'logging.googleapis.com/trace_sampled': true,
    });
    expect(traceFields(TRACE, 'my-proj')).toEqual({
      'logging.googleapis.com/trace': `projects/my-proj/traces/${TRACE}`,
    });
    expect(traceFields(`${TRACE}/1;o=1`, undefined)).toEqual({});
    expect(traceFields('not-a-trace', 'my-proj')).toEqual({});
  });

  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('puts the trace on the request log and on entries logged while handling the request', async () => {
    const { log, entries } = capture();
    server = createServer(
      logRequests(
        (_req, res) => {
          setTimeout(() => {
            log.warn('inside the handler, after an async hop');
            res.statusCode = 401;
            res.end();
          }, 1);
        },
        log,
        'my-proj',
      ),
    );
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/tasks/checks?token=abc`, {
      method: 'POST',
      headers: { 'x-cloud-trace-context': `${TRACE}/7;o=1` },
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setImmediate(r));
    const [inside, request] = entries();
    expect(inside).toMatchObject({
      severity: 'WARNING',
      'logging.googleapis.com/trace': `projects/my-proj/traces/${TRACE}`,
    });
    expect(request).toMatchObject({
      severity: 'INFO',
      message: expect.stringMatching(/^POST \/tasks\/checks 401 \d+ ms$/),
      'logging.googleapis.com/trace': `projects/my-proj/traces/${TRACE}`,
      'logging.googleapis.com/spanId': '0000000000000007',
      httpRequest: { requestMethod: 'POST', requestUrl: '/tasks/checks', status: 401 },
    });
    expect(JSON.stringify(request)).not.toContain('token=abc');
  });
});

describe('terminal log lines', () => {
  it('are one readable line: time, level, message, fields; no Cloud Logging plumbing', () => {
    const lines: string[] = [];
    const log = createLogger('info', { human: true, write: (l) => lines.push(l) });
    log.info({ url: 'http://127.0.0.1:3000', backend: 'local' }, 'pipeline-bot ready');
    log.error({ err: new Error('disk full'), 'logging.googleapis.com/trace': 'x' }, 'write failed');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d INFO +pipeline-bot ready url=http:\/\/127\.0\.0\.1:3000 backend=local\n$/,
    );
    expect(lines[1]).toContain('write failed err="disk full"');
    expect(lines[1]).not.toContain('logging.googleapis.com');
    expect(lines.every((l) => l.indexOf('\n') === l.length - 1)).toBe(true);
  });

  it('pass through a line that is not JSON', () => {
    expect(humanLine('plain\n')).toBe('plain\n');
  });
});
