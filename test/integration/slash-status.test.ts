import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLayout } from '../../src/adapters/local/demo.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendSlashCommand } from '../support/slack-requests.js';

describe('/pipeline over signed HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    const cfg = join(mkdtempSync(join(tmpdir(), 'pipeline-bot-cfg-')), 'pipeline.yml');
    writeFileSync(cfg, 'heal:\n  allowed_users: [U0ONCALL1]\n');
    t = await startTestApp({ PIPELINE_CONFIG: cfg });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('status: acked at once, answered through respond with the stuck transition and its heal button', async () => {
    const responseUrl = t.slack.responseUrl('status');
    const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'status', responseUrl });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('status');
    const body = reply.body as {
      response_type: string;
      text: string;
      blocks: { type: string; accessory?: { action_id: string; value: string } }[];
    };
    expect(body.response_type).toBe('ephemeral');
    const L = demoLayout(new Date(), 'America/New_York');
    expect(body.text).toContain(`phase2_to_phase3 ${L.stuckGameDate}: stuck (5/5)`);
    const heal = body.blocks.find((b) => b.accessory?.action_id === 'heal_trigger');
    expect(JSON.parse(heal!.accessory!.value)).toEqual({ t: 'phase2_to_phase3', d: L.stuckGameDate });
  });

  it('status: no heal button for someone who may not heal', async () => {
    const responseUrl = t.slack.responseUrl('status-other');
    await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'status', responseUrl, userId: 'U0VISITOR' });
    const reply = await t.slack.waitForResponse('status-other');
    const text = JSON.stringify(reply.body);
    expect(text).toContain('stuck (5/5)');
    expect(text).not.toContain('heal_trigger');
  });

  it('a forged signature is refused with 401 and nothing is answered', async () => {
    const responseUrl = t.slack.responseUrl('forged');
    const res = await sendSlashCommand(
      t.eventsUrl,
      SIGNING_SECRET,
      { text: 'status', responseUrl },
      { badSignature: true },
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.responses('forged')).toHaveLength(0);
  });

  it('a request from another workspace is refused and never answered', async () => {
    const responseUrl = t.slack.responseUrl('other-team');
    const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
      text: 'status',
      responseUrl,
      teamId: 'T0OTHER',
    });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.responses('other-team')).toHaveLength(0);
  });
});

describe('HTTP endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('/healthz and /readyz answer 200 when the store answers', async () => {
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${t.app.url}/healthz`, { method: 'HEAD' })).status).toBe(200);
    const ready = await fetch(`${t.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, backends: { 'local-store': 'ok' } });
  });

  it('/readyz answers 503 naming the backend that does not answer', async () => {
    t.app.deps.probes.push({
      name: 'bigquery',
      ping: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    try {
      const ready = await fetch(`${t.app.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ok: false, failing: ['bigquery'] });
    } finally {
      t.app.deps.probes.pop();
    }
  });

  it('/tasks/checks needs the bearer secret and answers the check results', async () => {
    expect((await fetch(`${t.app.url}/tasks/checks`, { method: 'POST' })).status).toBe(401);
    expect(
      (
        await fetch(`${t.app.url}/tasks/checks`, {
          method: 'POST',
          headers: { authorization: 'Bearer nope' },
        })
      ).status,
    ).toBe(401);
    const res = await fetch(`${t.app.url}/tasks/checks`, {
      method: 'POST',
      headers: { authorization: 'Bearer tasks-secret' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      results: { check: string; subject: string; status: string; summary: string }[];
    };
    const failing = new Set(body.results.filter((r) => r.status === 'fail').map((r) => r.check));
    expect([...failing].sort()).toEqual([
      'completeness',
      'consecutive_failures',
      // The demo's dead-lettered message, pulled by this very tick (serverless) and alerted.
      'dlq',
      'drift',
      'overdue',
      'reconcile',
      'stuck',
    ]);
    expect(Object.keys(body.results[0]!).sort()).toEqual(['check', 'status', 'subject', 'summary']);
  });
});
