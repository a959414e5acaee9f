/** An alert action whose work fails still answers the user with a short message (never silence). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendBlockAction, sendStaticSelectAction } from '../support/slack-requests.js';

describe('alert actions that fail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
    const alerts = t.app.deps.alerts!;
    alerts.acknowledge = async () => {
      throw new Error('store unavailable');
    };
    alerts.snooze = async () => {
      throw new Error('store unavailable');
    };
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('Acknowledge: the user is told it failed', async () => {
    const responseUrl = t.slack.responseUrl('ack-fail');
    const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
      actionId: 'alert_acknowledge',
      value: JSON.stringify({ fp: 'stuck:phase2_to_phase3:2026-02-09' }),
      responseUrl,
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('ack-fail', undefined, 5000);
    const body = reply.body as { text: string; response_type: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/could not be acknowledged .*error [0-9a-f]{6}/i);
    expect(body.text).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('Snooze: the user is told it failed', async () => {
    const responseUrl = t.slack.responseUrl('snooze-fail');
    const res = await sendStaticSelectAction(t.eventsUrl, SIGNING_SECRET, {
      actionId: 'alert_snooze',
      value: JSON.stringify({ fp: 'stuck:phase2_to_phase3:2026-02-09', h: 4 }),
      responseUrl,
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('snooze-fail', undefined, 5000);
    expect((reply.body as { text: string }).text).toMatch(/could not be snoozed .*error [0-9a-f]{6}/i);
  });
});
