import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLayout } from '../../src/adapters/local/demo.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendBlockAction } from '../support/slack-requests.js';

type Posted = { channel: string; text: string; thread_ts?: string; blocks?: unknown[] };

describe('alerts through Slack (signed requests, fake Web API)', () => {
  let t: TestApp;
  const fp = () => `stuck:phase2_to_phase3:${demoLayout(new Date(), 'America/New_York').stuckGameDate}`;

  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
    const res = await fetch(`${t.app.url}/tasks/checks`, {
      method: 'POST',
      headers: { authorization: 'Bearer tasks-secret' },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('posts one root message per firing alert into the alert channel, with the actions', () => {
    const roots = t.slack.succeededCalls('chat.postMessage').filter((c) => !(c.body as Posted).thread_ts);
    const texts = roots.map((c) => (c.body as Posted).text);
    expect(texts.some((x) => x.includes('is stuck'))).toBe(true);
    expect(texts.some((x) => x.includes('overdue'))).toBe(true);
    expect(roots.every((c) => (c.body as Posted).channel === 'C0ALERTS')).toBe(true);
    const stuck = roots.find((c) => (c.body as Posted).text.includes('is stuck'))!;
    const blocks = JSON.stringify((stuck.body as Posted).blocks);
    expect(blocks).toContain('"action_id":"alert_acknowledge"');
    expect(blocks).toContain('"text":"Trigger Phase 3"');
    expect(blocks).toContain('"action_id":"alert_snooze"');
  });

  it('a second tick posts no new root messages', async () => {
    const before = t.slack.succeededCalls('chat.postMessage').length;
    await fetch(`${t.app.url}/tasks/checks`, {
      method: 'POST',
      headers: { authorization: 'Bearer tasks-secret' },
    });
    expect(t.slack.succeededCalls('chat.postMessage').length).toBe(before);
  });

  it('Acknowledge: acked, root edited with who, thread note, ephemeral confirmation', async () => {
    const record = await t.app.deps.alertStore.get(fp());
    const responseUrl = t.slack.responseUrl('ack');
    const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
      actionId: 'alert_acknowledge',
      value: JSON.stringify({ fp: fp() }),
      responseUrl,
      userId: 'U0ONCALL1',
      messageTs: record?.ts,
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('ack');
    expect((reply.body as { text: string }).text).toBe('Acknowledged. Reminders stop.');
    const update = await t.slack.waitForCall(
      'chat.update',
      (c) => (c.body as { ts: string }).ts === record?.ts,
    );
    expect(JSON.stringify((update.body as Posted).blocks)).toContain('Acknowledged* by <@U0ONCALL1>');
    expect(
      t.slack
        .calls('chat.postMessage')
        .some(
          (c) =>
            (c.body as Posted).thread_ts === record?.ts &&
            (c.body as Posted).text.includes('Acknowledged by <@U0ONCALL1>'),
        ),
    ).toBe(true);
    expect((await t.app.deps.alertStore.get(fp()))?.state).toBe('acknowledged');
  });
});

describe('Slack answering 429 with Retry-After', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('one message per alert, no duplicate, no hang', async () => {
    t.slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1, times: 1 });
    const started = Date.now();
    await t.app.deps.runScheduledChecks('task');
    expect(Date.now() - started).toBeLessThan(15_000);
    const roots = t.slack.succeededCalls('chat.postMessage').filter((c) => !(c.body as Posted).thread_ts);
    const active = (await t.app.deps.alertStore.listActive()).filter((a) => !a.parentFingerprint);
    expect(roots).toHaveLength(active.length);
    expect(new Set(roots.map((c) => (c.body as Posted).text)).size).toBe(roots.length);
    expect(t.slack.calls('chat.postMessage').filter((c) => c.status === 429)).toHaveLength(1);
  });
});

describe('Slack outage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('alerts are kept and posted once Slack answers again', async () => {
    t.slack.setDown(true);
    await t.app.deps.runScheduledChecks('task');
    expect(t.slack.succeededCalls('chat.postMessage')).toHaveLength(0);
    const pending = await t.app.deps.alertStore.listActive();
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((a) => a.outbox.some((i) => i.kind === 'root'))).toBe(true);
    t.slack.setDown(false);
    await t.app.deps.runScheduledChecks('task');
    const roots = t.slack
      .succeededCalls('chat.postMessage')
      .filter((c) => !(c.body as { thread_ts?: string }).thread_ts);
    expect(roots).toHaveLength(pending.filter((a) => !a.parentFingerprint).length);
  });
});
