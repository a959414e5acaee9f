/** A heal clicked on the App Home tab has no response_url: the user still hears back (a direct message). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLayout } from '../../src/adapters/local/demo.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendInteraction } from '../support/slack-requests.js';

describe('heal from the App Home tab', () => {
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

  it('runs the heal and tells the user in a direct message', async () => {
    const date = demoLayout(new Date(), 'America/New_York').stuckGameDate;
    const res = await sendInteraction(t.eventsUrl, SIGNING_SECRET, {
      type: 'block_actions',
      user: { id: 'U0ONCALL1', username: 'oncall', team_id: 'T0TEAM' },
      api_app_id: 'A0PIPEBOT',
      team: { id: 'T0TEAM', domain: 'pipeline-test' },
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home', blocks: [] },
      trigger_id: '1.2.3',
      actions: [
        {
          type: 'button',
          action_id: 'heal_trigger',
          block_id: 'b',
          value: JSON.stringify({ t: 'phase2_to_phase3', d: date }),
          action_ts: '1700000000.1',
        },
      ],
    });
    expect(res.status).toBe(200);
    const dm = await t.slack.waitForCall(
      'chat.postMessage',
      (c) => (c.body as { channel: string }).channel === 'U0ONCALL1',
    );
    expect((dm.body as { text: string }).text).toContain('Trigger Phase 3: ran `same-day-phase3`');
    const [doc] = await t.app.deps.completions.getMany([{ collection: 'phase2_completion', date }]);
    expect(doc?.triggered).toBe(true);
    expect(doc?.triggerReason).toBe('manual_heal');
  });
});
