/**
 * service_health against a real local HTTP server that answers, hangs past the timeout, returns 500 and
 * recovers. Probe state lives in the SQLite store on a file and alternates between two "instances"
 * (separate connections and check objects), so the consecutive-failure count is shown to survive both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServiceProber, type IdTokenSource } from '../../src/adapters/http/service-prober.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalProbeStateStore } from '../../src/adapters/local/probe-state-store.js';
import { runChecks } from '../../src/checks/runner.js';
import { serviceHealthCheck } from '../../src/checks/service-health.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import { FakeClock } from '../support/fixtures.js';
import { configWith } from '../support/monitor-config.js';

type Mode = 'ok' | 'hang' | 'error' | 'refuse-token';
let mode: Mode = 'ok';
let server: Server;
let base = '';
const hung: Array<() => void> = [];
const seenAuth: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAuth.push(req.headers.authorization ?? '');
    if (mode === 'hang') {
      hung.push(() => res.destroy());
      return;
    }
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`database connection refused${' (details)'.repeat(50)}`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const end of hung) end();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('service_health over HTTP, state across ticks and instances', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-health-'));
  const dbs = [openDb(dir), openDb(dir)];
  afterAll(() => {
    for (const db of dbs) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const clock = new FakeClock(new Date('2026-02-10T15:00:00Z'));

  async function tick(config: Config, instance: 0 | 1): Promise<CheckResult> {
    clock.advance(60_000);
    const results = await tickOn(config, instance);
    expect(results.find((r) => r.check === 'check_health')?.status).toBe('ok');
    return results.find((r) => r.check === 'service_health')!;
  }

  it('ok → timeout → 500 fires at the 3rd bad probe (naming status and body) → one good probe resolves', async () => {
    const config = configWith({
      services: [{ name: 'orchestrator-p2', url: `${base}/health`, timeout_ms: 300, failures: 3 }],
    });
    mode = 'ok';
    const first = await tick(config, 0);
    expect(first).toMatchObject({ subject: 'orchestrator-p2', status: 'ok' });
    expect(first.details).toMatchObject({ status_code: 200, consecutive_failures: 0, timed_out: false });

    mode = 'hang';
    const hang1 = await tick(config, 1);
    expect(hang1.status).toBe('ok');
    expect(hang1.details).toMatchObject({ timed_out: true, consecutive_failures: 1, status_code: null });
    expect(hang1.summary).toContain('no answer within 300 ms');

    mode = 'error';
    const err2 = await tick(config, 0);
    expect(err2.status).toBe('ok');
    expect(err2.details).toMatchObject({ status_code: 500, consecutive_failures: 2 });

    const err3 = await tick(config, 1);
    expect(err3.status).toBe('fail');
    expect(err3.summary).toContain('orchestrator-p2 is not healthy: 3 bad probes in a row');
    expect(err3.summary).toContain('HTTP 500');
    const body = err3.facts.find((f) => f.label === 'Body (first 200 bytes)')!.value;
    expect(body.startsWith('database connection refused')).toBe(true);
    expect(Buffer.byteLength(body)).toBe(200);
    // The streak started at the first timeout, two ticks earlier.
    expect(err3.details.failing_since).toBe(new Date(clock.now().getTime() - 2 * 60_000).toISOString());

    mode = 'ok';
    const back = await tick(config, 0);
    expect(back).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('orchestrator-p2 answered'),
    });
    expect(back.details).toMatchObject({ consecutive_failures: 0, failing_since: null });
  });

  it('an unexpected status counts as bad (expect_status), a refused connection too', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const config = configWith({
      services: [
        { name: 'expects-204', url: `${base}/health`, expect_status: 204, failures: 1 },
        { name: 'nobody-home', url: `http://127.0.0.1:${closedPort}/health`, failures: 1 },
      ],
    });
    mode = 'ok';
    const results = await tickAll(config);
    expect(results.map((r) => [r.subject, r.status])).toEqual([
      ['expects-204', 'fail'],
      ['nobody-home', 'fail'],
    ]);
    expect(results[0]!.summary).toContain('expected HTTP 204; last: HTTP 200');
    expect(results[1]!.summary).toContain('request failed: ECONNREFUSED');
  });

  async function tickAll(config: Config): Promise<CheckResult[]> {
    return (await tickOn(config, 0)).filter((r) => r.check === 'service_health');
  }

  /** One run of the check as "instance" 0 or 1: its own store connection and check object. */
  function tickOn(config: Config, instance: 0 | 1): Promise<CheckResult[]> {
    const check = serviceHealthCheck({
      prober: new HttpServiceProber(),
      probeStates: new LocalProbeStateStore(dbs[instance]!),
    });
    return runChecks([check], {
      config,
      clock,
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: { gamesOn: async () => new Map() },
    });
  }
});

describe('auth: oidc', () => {
  it('sends the ID token for the URL origin; a token that cannot be had is a bad probe, not a crash', async () => {
    const audiences: string[] = [];
    const tokens: IdTokenSource = {
      headers: async (audience) => {
        audiences.push(audience);
        if (mode === 'refuse-token') throw new Error('metadata server unreachable');
        return { authorization: 'Bearer fake-id-token' };
      },
    };
    const prober = new HttpServiceProber(tokens);
    const target = {
      name: 'orch',
      url: `${base}/health`,
      auth: 'oidc' as const,
      timeout_ms: 1000,
      expect_status: 200,
      failures: 3,
    };
    mode = 'ok';
    seenAuth.length = 0;
    expect(await prober.probe(target)).toMatchObject({ status: 200, timedOut: false });
    expect(seenAuth).toEqual(['Bearer fake-id-token']);
    expect(audiences).toEqual([base]);
    mode = 'refuse-token';
    const refused = await prober.probe(target);
    expect(refused.status).toBeUndefined();
    expect(refused.error).toBe('request failed: could not get an ID token: metadata server unreachable');
    expect(seenAuth).toHaveLength(1);
  });

  it('without a token source an oidc target is a bad probe that says why', async () => {
    const outcome = await new HttpServiceProber().probe({
      name: 'orch',
      url: `${base}/health`,
      auth: 'oidc',
      timeout_ms: 1000,
      expect_status: 200,
      failures: 3,
    });
    expect(outcome.error).toContain('auth: oidc needs Google credentials');
  });
});
