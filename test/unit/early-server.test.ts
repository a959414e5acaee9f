import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlyServer } from '../../src/http/routes.js';

describe('start-up: listening before the bot is wired', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  async function listen(early: EarlyServer): Promise<string> {
    server = createServer(early.listener);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('/healthz answers at once; other requests are held, then handled once ready', async () => {
    const early = new EarlyServer();
    const url = await listen(early);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const pending = fetch(`${url}/readyz`);
    await new Promise((r) => setTimeout(r, 50));
    early.ready((_req, res) => {
      res.writeHead(200);
      res.end('wired');
    });
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('wired');
  });

  it('held requests get a 503 naming the cause when start-up fails', async () => {
    const early = new EarlyServer();
    const url = await listen(early);
    const pending = fetch(`${url}/slack/events`, { method: 'POST' });
    await new Promise((r) => setTimeout(r, 50));
    early.fail(new Error('PIPELINE_CONFIG broken'));
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('PIPELINE_CONFIG broken');
  });
});
