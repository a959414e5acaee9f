/**
 * The DLQ alert's buttons through signed Slack requests (local mode, the demo's dead letter): the alert
 * carries Replay / Mark handled; Replay by an allowed user republishes once (a second click finds
 * nothing to do); a user not allowed is refused and nothing changes; the text is escaped mrkdwn.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendBlockAction } from '../support/slack-requests.js';

const SUB = 'nba-phase3-trigger-dlq-sub';

describe('dead-letter alert buttons through Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-cfg-'));
    const cfg = join(dir, 'pipeline.yml');
    writeFileSync(cfg, 'heal:\n  allowed_users: [U0ONCALL1]\n');
    t = await startTestApp({ PIPELINE_CONFIG: cfg }, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const click = async (actionId: string, userId: string, id: string) => {
    const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
      actionId,
      value: JSON.stringify({ s: SUB }),
      userId,
      responseUrl: t.slack.responseUrl(id),
    });
    expect(res.status).toBe(200);
    return (await t.slack.waitForResponse(id)).body as { text: string };
  };

  it('the alert has Replay and Mark handled; Replay runs once; others are refused', async () => {
    await t.app.deps.runScheduledChecks('task');
    const root = await t.slack.waitForCall('chat.postMessage', (c) =>
      JSON.stringify(c.body).includes('dlq_replay'),
    );
    expect(JSON.stringify(root.body)).toContain('dlq_mark_handled');

    expect((await click('dlq_replay', 'U0INTRUDER', 'denied')).text).toContain('is not allowed');
    expect((await t.app.deps.dlq!.recent(5))[0]!.handled).toBeNull();

    const [first, second] = await Promise.all([
      click('dlq_replay', 'U0ONCALL1', 'one'),
      click('dlq_replay', 'U0ONCALL1', 'two'),
    ]);
    const texts = [first!.text, second!.text].sort();
    expect(texts[0]).toMatch(
      /^:leftwards_arrow_with_hook: <@U0ONCALL1> replayed 1 message of nba-phase3-trigger-dlq-sub\.$/,
    );
    expect(texts[1]).toBe('Nothing to do on nba-phase3-trigger-dlq-sub: every message was already handled.');
    const [record] = await t.app.deps.dlq!.recent(5);
    expect(record).toMatchObject({ handled: 'replayed', handled_by: 'U0ONCALL1' });
  });
});
