/**
 * Wiring of the Slack sandbox over real HTTP: on in local mode, off with Slack credentials unless
 * SANDBOX=1 (then the bot talks to the sandbox, not to Slack), off with SANDBOX=0; page requests are
 * loopback, same-origin JSON only; the bot's /slack/events keeps refusing requests not signed with the
 * generated secret; a command from the page travels the real path and comes back over server-sent events.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE_FILE } from '../../src/sandbox/persist.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { type SandboxApp, startSandboxApp } from '../support/sandbox.js';
import { sendSlashCommand } from '../support/slack-requests.js';

interface Snapshot {
  messages: { text: string; ts: string }[];
}
const snapshot = async (base: string, user: string) =>
  (await (await fetch(`${base}/sandbox/state?user=${user}`)).json()) as Snapshot;

/** GET with a chosen Host header (fetch always sends the URL's). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('Slack sandbox wiring', () => {
  let sandbox: SandboxApp | undefined;
  let slackApp: TestApp | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    await slackApp?.stop();
    sandbox = slackApp = undefined;
  });

  it('local mode serves the page (strict CSP) next to the bot routes, and posts land in the sandbox', async () => {
    sandbox = await startSandboxApp();
    expect(sandbox.app.config).toMatchObject({
      sandbox: true,
      slackMode: 'http',
      channels: { alerts: 'C0ALERTS' },
    });
    const page = await fetch(sandbox.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/sandbox/sandbox.js">');
    expect((await fetch(`${sandbox.app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${sandbox.app.url}/sandbox/../package.json`)).status).toBe(404);

    await sandbox.tick();
    const state = await snapshot(sandbox.app.url, 'U0ONCALL');
    expect(state.messages.some((m) => m.text.includes('Phase 2 → 3 stuck'))).toBe(true);
    // The terminal shows the same alerts, as local mode always did.
    expect(sandbox.lines.join('\n')).toContain('== Phase 2 → 3 stuck · 2026-02-09 ==');
  });

  it('a command from the page goes through /slack/events and its ephemeral answer arrives over SSE', async () => {
    sandbox = await startSandboxApp();
    const events = await fetch(`${sandbox.app.url}/sandbox/events?user=U0ONCALL`);
    const reader = events.body!.getReader();
    const sent = await fetch(
      `${sandbox.app.url}/sandbox/command`,
      json({ user: 'U0ONCALL', channel: 'C0ALERTS', text: '/pipeline help' }),
    );
    expect(await sent.json()).toEqual({ ok: true, status: 200 });
    let received = '';
    while (!received.includes('"visibleTo":"U0ONCALL"')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      received += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    expect(received).toContain('"kind":"message"');
    expect(received).toContain('/pipeline status');
    const other = await snapshot(sandbox.app.url, 'U0VISITOR');
    expect(other.messages).toEqual([]);
  });

  it('refuses cross-origin, non-JSON and foreign-host page requests, bad tokens and unsigned Slack requests', async () => {
    sandbox = await startSandboxApp();
    const base = sandbox.app.url;
    const body = { user: 'U0ONCALL', channel: 'C0ALERTS', text: '/pipeline help' };
    const plain = await fetch(`${base}/sandbox/command`, { method: 'POST', body: JSON.stringify(body) });
    expect(plain.status).toBe(415);
    const cross = await fetch(`${base}/sandbox/command`, {
      ...json(body),
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
    });
    expect(cross.status).toBe(403);
    expect((await fetch(`${base}/sandbox/command`, json({ ...body, user: 'UNOBODY' }))).status).toBe(400);
    // A DNS-rebinding host name is not the sandbox: the request falls through to the bot's 404.
    expect(await statusWithHost(`${base}/sandbox/users`, 'evil.example')).toBe(404);
    expect(await statusWithHost(`${base}/sandbox/users`, 'localhost')).toBe(200);
    const api = await fetch(`${base}/sandbox/api/chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-guess', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0ALERTS&text=hi',
    });
    expect(await api.json()).toEqual({ ok: false, error: 'invalid_auth' });
    const forged = await sendSlashCommand(`${base}/slack/events`, 'not-the-secret', {
      text: 'status',
      responseUrl: `${base}/sandbox/respond/x`,
      teamId: 'T0SANDBOX',
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${base}/sandbox/respond/unknown`, json({ text: 'x' }))).status).toBe(404);
  });

  it('with Slack credentials the sandbox is off; SANDBOX=1 turns it on instead of Slack; SANDBOX=0 keeps the terminal', async () => {
    slackApp = await startTestApp();
    expect(slackApp.app.sandboxUrl).toBeUndefined();
    expect((await fetch(`${slackApp.app.url}/`)).status).toBe(404);
    await slackApp.stop();

    slackApp = await startTestApp({ SANDBOX: '1' }, { slackMinPostIntervalMs: 0, out: () => {} });
    expect(slackApp.app.sandboxUrl).toBe(`${slackApp.app.url}/`);
    await slackApp.app.deps.runScheduledChecks('task');
    expect(slackApp.slack.calls()).toEqual([]);
    const state = await snapshot(slackApp.app.url, 'U0ONCALL');
    expect(state.messages.length).toBeGreaterThan(0);
    await slackApp.stop();
    slackApp = undefined;

    sandbox = await startSandboxApp({ env: { SANDBOX: '0' } });
    expect(sandbox.app.config).toMatchObject({ sandbox: false, slackMode: 'none' });
    expect((await fetch(sandbox.app.url)).status).toBe(404);
  });

  it('keeps the workspace across a restart, so later edits land on the alerts already shown', async () => {
    const first = await startSandboxApp();
    await first.tick();
    const before = await snapshot(first.app.url, 'U0ONCALL');
    const stuck = before.messages.find((m) => m.text.includes('Phase 2 → 3 stuck'))!;
    await first.app.stop(); // keeps DATA_DIR

    sandbox = await startSandboxApp({ dataDir: first.dataDir });
    const after = await snapshot(sandbox.app.url, 'U0ONCALL');
    expect(after.messages).toEqual(before.messages);
    const outcome = await sandbox.app.deps.alerts!.acknowledge(
      'stuck:phase2_to_phase3:2026-02-09',
      'U0ONCALL',
    );
    expect(outcome.ok).toBe(true);
    const edited = (await snapshot(sandbox.app.url, 'U0ONCALL')).messages.find((m) => m.ts === stuck.ts);
    expect(edited).toMatchObject({ edited: true });
    expect(JSON.stringify(edited)).toContain('*Acknowledged* by <@U0ONCALL>');
  });

  it('an unreadable workspace file is set aside and the sandbox starts empty', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-sandbox-bad-'));
    writeFileSync(join(dataDir, WORKSPACE_FILE), '{not json');
    sandbox = await startSandboxApp({ dataDir });
    expect((await snapshot(sandbox.app.url, 'U0ONCALL')).messages).toEqual([]);
    expect(readdirSync(dataDir).some((f) => f.startsWith(`${WORKSPACE_FILE}.unreadable-`))).toBe(true);
  });
});
