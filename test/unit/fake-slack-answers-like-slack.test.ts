import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest } from '@slack/bolt';
import { ErrorCode, LogLevel, WebClient, WebClientEvent } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, httpReply, startFakeSlack } from '../support/fake-slack.js';
import { getFreePort } from '../support/ports.js';
import {
  appHomeOpenedEvent,
  computeSlackSignature,
  sendBlockAction,
  sendEvent,
  sendSlashCommand,
  sendStaticSelectAction,
  sendUrlVerification,
} from '../support/slack-requests.js';

const TOKEN = 'xoxb-test-token';

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.reset();
});

function client(options: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(TOKEN, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

describe('fake Slack Web API', () => {
  it('records a form-encoded chat.postMessage with blocks decoded back into objects', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Phase 2 → 3 stuck' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*4/5* processors' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'ack',
            text: { type: 'plain_text', text: 'Acknowledge' },
            value: '{"f":"x"}',
          },
        ],
      },
    ];
    const result = await client().chat.postMessage({
      channel: 'C0ALERTS',
      text: '{not json} fallback',
      blocks,
      unfurl_links: false,
    });

    expect(result.ok).toBe(true);
    expect(result.channel).toBe('C0ALERTS');
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);

    const [call] = fake.calls('chat.postMessage');
    expect(call).toBeDefined();
    expect(call!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(call!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // WebClient JSON-stringifies nested values in the form body; the fake decodes them back.
    expect(call!.rawBody).toContain('blocks=%5B%7B');
    expect(call!.body.blocks).toEqual(blocks);
    expect(call!.body.text).toBe('{not json} fallback');
    expect(call!.body.unfurl_links).toBe(false);
    expect(call!.status).toBe(200);
  });

  it('hands out unique, increasing ts values and answers chat.update / auth.test / views.publish', async () => {
    const web = client();
    const a = await web.chat.postMessage({ channel: 'C1', text: 'a' });
    const b = await web.chat.postMessage({ channel: 'C1', text: 'b', thread_ts: a.ts });
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(b.message?.thread_ts).toBe(a.ts);

    const updated = await web.chat.update({ channel: 'C1', ts: a.ts!, text: 'a2' });
    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts: a.ts });

    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'UBOT', team_id: 'T0TEAM', bot_id: 'B0BOT' });

    const home = await web.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(home.ok).toBe(true);
    expect(fake.calls('views.publish')[0]!.body.view).toEqual({ type: 'home', blocks: [] });
    expect(fake.calls().map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.postMessage',
      'chat.update',
      'auth.test',
      'views.publish',
    ]);
  });

  it('accepts JSON bodies too', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        channel: 'C2',
        text: 'hi',
        blocks: [{ type: 'divider' }],
        reply_broadcast: true,
      }),
    });
    const json = (await res.json()) as { ok: boolean; ts: string };
    expect(json.ok).toBe(true);
    expect(fake.calls('chat.postMessage')[0]!.body).toEqual({
      channel: 'C2',
      text: 'hi',
      blocks: [{ type: 'divider' }],
      reply_broadcast: true,
    });
  });

  it('returns configured usergroup members', async () => {
    fake.setUsergroupMembers('S0ONCALL', ['U1', 'U2']);
    const web = client();
    expect((await web.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U1', 'U2']);
    expect((await web.usergroups.users.list({ usergroup: 'S0OTHER' })).users).toEqual([]);
  });

  it('serves 429 with Retry-After, after which the WebClient retry succeeds', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const web = client({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (sec: number) => rateLimited.push(sec));

    const started = Date.now();
    const result = await web.chat.postMessage({ channel: 'C0ALERTS', text: 'retry me' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(rateLimited).toEqual([1]);

    const calls = fake.calls('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[0]!.response).toEqual({ ok: false, error: 'ratelimited' });
    expect(fake.succeededCalls('chat.postMessage')).toHaveLength(1);
  });

  it('lets rejectRateLimitedCalls surface the retry-after delay', async () => {
    fake.failNext('chat.update', { retryAfterSeconds: 7, times: 2 });
    const web = client({ rejectRateLimitedCalls: true });
    for (let i = 0; i < 2; i++) {
      await expect(web.chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
        retryAfter: 7,
      });
    }
    await expect(web.chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).resolves.toMatchObject({
      ok: true,
    });
  });

  it('serves ok:false platform errors and HTTP 500', async () => {
    fake.failNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    fake.failNext('chat.postMessage', { status: 500 });
    const web = client();
    await expect(web.chat.postMessage({ channel: 'CNOPE', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'channel_not_found' },
    });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 500,
    });
    await expect(web.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('can be down (503 or reset sockets) and come back', async () => {
    const web = client();
    fake.setDown(true);
    await expect(web.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    fake.setDown(true, 'reset');
    await expect(web.auth.test()).rejects.toMatchObject({ code: ErrorCode.RequestError });
    fake.setDown(false);
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true });
    expect(fake.calls('auth.test').map((c) => c.status)).toEqual([503, 0, 200]);
  });

  it('adds latency', async () => {
    fake.setLatency(150);
    const started = Date.now();
    await client().auth.test();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('uses custom handlers, including httpReply and fall-through', async () => {
    fake.respondWith('conversations.info', (call) => ({
      ok: true,
      channel: { id: call.body.channel, name: 'x' },
    }));
    fake.respondWith('chat.delete', () => httpReply(200, { ok: false, error: 'message_not_found' }));
    fake.respondWith('auth.test', () => undefined);
    const web = client();
    expect((await web.conversations.info({ channel: 'C9' })).channel).toEqual({ id: 'C9', name: 'x' });
    await expect(web.chat.delete({ channel: 'C9', ts: '1.2' })).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    expect((await web.auth.test()).user_id).toBe('UBOT');
    fake.respondWith('conversations.info', null);
    expect((await web.conversations.info({ channel: 'C9' })).channel).toBeUndefined();
  });
});

describe('fake response_url', () => {
  it('records JSON posts per id', async () => {
    const url = fake.responseUrl('cmd-1');
    expect(url).toBe(`${fake.baseUrl}/respond/cmd-1`);
    const other = fake.responseUrl();
    expect(other).not.toBe(fake.responseUrl());

    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'ok', blocks: [{ type: 'divider' }] }),
    });
    expect(res.status).toBe(200);
    const got = await fake.waitForResponse('cmd-1');
    expect(got.body).toEqual({ response_type: 'ephemeral', text: 'ok', blocks: [{ type: 'divider' }] });
    expect(fake.responses('cmd-1')).toHaveLength(1);
    expect(fake.responses('nope')).toHaveLength(0);
  });

  it('waitFor resolves with the predicate value and times out listing what was recorded', async () => {
    setTimeout(() => void client().chat.postMessage({ channel: 'C5', text: 'late' }), 50);
    const call = await fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'C5');
    expect(call.body.text).toBe('late');

    await expect(fake.waitFor(({ calls }) => calls.length > 5, 100, 'six calls')).rejects.toThrow(
      /timed out after 100 ms waiting for six calls[\s\S]*chat\.postMessage[\s\S]*"late"/,
    );
  });
});

interface Captured {
  rawBody: string;
  headers: IncomingHttpHeaders;
}

describe('signed Slack requests', () => {
  const SECRET = 'test-signing-secret';
  let server: Server;
  let url: string;
  const captured: Captured[] = [];

  beforeAll(async () => {
    const port = await getFreePort();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured.push({ rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('captured');
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    expect((server.address() as AddressInfo).port).toBe(port);
    url = `http://127.0.0.1:${port}/slack/events`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterEach(() => {
    captured.length = 0;
  });

  function verify(c: Captured, nowMilliseconds?: number): void {
    verifySlackRequest({
      signingSecret: SECRET,
      body: c.rawBody,
      headers: {
        'x-slack-signature': String(c.headers['x-slack-signature']),
        'x-slack-request-timestamp': Number(c.headers['x-slack-request-timestamp']),
      },
      ...(nowMilliseconds === undefined ? {} : { nowMilliseconds }),
    });
  }

  it('signs a form-encoded slash command that Bolt verifies', async () => {
    const responseUrl = fake.responseUrl('slash');
    const result = await sendSlashCommand(url, SECRET, {
      text: 'heal phase3 yesterday --dry-run',
      responseUrl,
    });
    expect(result).toMatchObject({ status: 200, body: 'captured' });
    expect(result.elapsedMs).toBeGreaterThan(0);

    const [c] = captured;
    expect(c!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(() => verify(c!)).not.toThrow();
    const form = Object.fromEntries(new URLSearchParams(c!.rawBody));
    expect(form).toMatchObject({
      command: '/pipeline',
      text: 'heal phase3 yesterday --dry-run',
      team_id: 'T0TEAM',
      response_url: responseUrl,
    });
    for (const key of [
      'token',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'api_app_id',
      'trigger_id',
    ]) {
      expect(form[key], key).toBeTruthy();
    }
  });

  it('signs block actions, selects and events that Bolt verifies', async () => {
    const responseUrl = fake.responseUrl();
    await sendBlockAction(url, SECRET, {
      actionId: 'alert_ack',
      value: 'stuck:phase2_to_phase3:2026-02-09',
      responseUrl,
    });
    await sendStaticSelectAction(url, SECRET, {
      actionId: 'alert_snooze',
      value: '4h',
      responseUrl,
      kind: 'overflow',
    });
    await sendEvent(url, SECRET, appHomeOpenedEvent('U7'), { teamId: 'T0OTHER' });
    await sendUrlVerification(url, SECRET, 'chal');
    expect(captured).toHaveLength(4);
    for (const c of captured) expect(() => verify(c)).not.toThrow();

    const button = JSON.parse(new URLSearchParams(captured[0]!.rawBody).get('payload')!);
    expect(button).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ONCALL1', team_id: 'T0TEAM' },
      container: { type: 'message', channel_id: 'C0ALERTS' },
      response_url: responseUrl,
      actions: [{ type: 'button', action_id: 'alert_ack', value: 'stuck:phase2_to_phase3:2026-02-09' }],
    });
    const select = JSON.parse(new URLSearchParams(captured[1]!.rawBody).get('payload')!);
    expect(select.actions[0]).toMatchObject({ type: 'overflow', selected_option: { value: '4h' } });

    expect(captured[2]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(captured[2]!.rawBody)).toMatchObject({
      type: 'event_callback',
      team_id: 'T0OTHER',
      event: { type: 'app_home_opened', user: 'U7', tab: 'home' },
      authorizations: [{ team_id: 'T0OTHER', user_id: 'UBOT', is_bot: true }],
    });
    expect(JSON.parse(captured[3]!.rawBody)).toMatchObject({ type: 'url_verification', challenge: 'chal' });
  });

  it('produces requests Bolt rejects when asked to: bad signature, stale timestamp', async () => {
    const responseUrl = fake.responseUrl();
    await sendSlashCommand(url, SECRET, { text: 'status', responseUrl }, { badSignature: true });
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    await sendSlashCommand(url, SECRET, { text: 'status', responseUrl }, { timestamp: tenMinutesAgo });

    expect(() => verify(captured[0]!)).toThrow(/signature mismatch/);
    expect(captured[1]!.headers['x-slack-request-timestamp']).toBe(String(tenMinutesAgo));
    expect(() => verify(captured[1]!)).toThrow(/stale/);
    // ...but the stale one is correctly signed for its own timestamp.
    expect(() => verify(captured[1]!, tenMinutesAgo * 1000)).not.toThrow();
    expect(captured[1]!.headers['x-slack-signature']).toBe(
      computeSlackSignature(SECRET, tenMinutesAgo, captured[1]!.rawBody),
    );
  });
});
