/** `/pipeline status` shows the open alerts of each transition; `status <date>` those of that run (SPEC §6). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/pipeline/dates.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendSlashCommand } from '../support/slack-requests.js';

describe('status with open alerts', () => {
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

  it('status <date> counts only the open alerts of that run, not those of other dates', async () => {
    const open = (await t.app.deps.alertStore.listActive()).filter(
      (a) => a.state !== 'resolved' && a.result.transition === 'phase2_to_phase3',
    );
    const stuck = open.find((a) => a.result.check === 'stuck')!;
    const ofThatDate = open.filter((a) => a.result.date === stuck.result.date);
    expect(ofThatDate.length).toBeLessThan(open.length);
    const t23 = t.app.deps.config.transitions.find((x) => x.id === 'phase2_to_phase3')!;
    const runDate = addDays(stuck.result.date!, -t23.date_offset_days);
    const responseUrl = t.slack.responseUrl('status-date');
    await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: `status ${runDate}`, responseUrl });
    const reply = await t.slack.waitForResponse('status-date');
    const blocks = JSON.stringify((reply.body as { blocks: unknown[] }).blocks);
    expect(blocks).toContain(`${ofThatDate.length} open alert${ofThatDate.length > 1 ? 's' : ''}`);
    expect(blocks).not.toContain(`${open.length} open alerts`);
  });
});
