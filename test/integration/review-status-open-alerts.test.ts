/** Review regression: `/pipeline status` shows the open alerts of each transition (SPEC §6). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendSlashCommand } from '../support/slack-requests.js';

describe('review: status with open alerts', () => {
  let t: TestApp;
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

  it('counts the open alerts of the stuck transition', async () => {
    const open = (await t.app.deps.alertStore.listActive()).filter(
      (a) => a.state !== 'resolved' && a.result.transition === 'phase2_to_phase3',
    );
    expect(open.length).toBeGreaterThan(0);
    const responseUrl = t.slack.responseUrl('status-open');
    await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'status', responseUrl });
    const reply = await t.slack.waitForResponse('status-open');
    const blocks = JSON.stringify((reply.body as { blocks: unknown[] }).blocks);
    expect(blocks).toContain(`${open.length} open alert${open.length > 1 ? 's' : ''}`);
  });
});
