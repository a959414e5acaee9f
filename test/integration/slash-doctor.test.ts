/**
 * `/pipeline doctor` through the running receiver (signed HTTP, local backend, the Slack fake): an allowed
 * user gets the report through `respond` (the Slack checks run against the fake; Google Cloud groups do not
 * apply in local mode); anyone else is refused and nothing is checked.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUIRED_SLACK_SCOPES } from '../../src/doctor/slack-scopes.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { httpReply } from '../support/fake-slack.js';
import { sendSlashCommand } from '../support/slack-requests.js';

describe('/pipeline doctor over signed HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    const cfg = join(mkdtempSync(join(tmpdir(), 'pipeline-bot-cfg-')), 'pipeline.yml');
    writeFileSync(cfg, 'heal:\n  allowed_users: [U0ONCALL1]\n');
    t = await startTestApp({ PIPELINE_CONFIG: cfg });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('an allowed user gets every check with its verdict; the missing scope is named with the fix', async () => {
    t.slack.respondWith('auth.test', () =>
      httpReply(
        200,
        { ok: true, team: 'Pipeline Test', team_id: 'T0TEAM', user: 'pipeline-bot' },
        { 'x-oauth-scopes': REQUIRED_SLACK_SCOPES.filter((s) => s !== 'usergroups:read').join(',') },
      ),
    );
    const responseUrl = t.slack.responseUrl('doctor');
    const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'doctor', responseUrl });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('doctor', undefined, 15_000);
    const text = JSON.stringify(reply.body);
    expect((reply.body as { text: string }).text).toMatch(/^pipeline-bot doctor: 1 of \d+ checks failed\.$/);
    expect(text).toContain('✔ *slack · auth.test*: @pipeline-bot in Pipeline Test (T0TEAM)');
    expect(text).toContain('✘ *slack · scopes*: missing usergroups:read');
    expect(text).toContain('_fix:_ reinstall the app from manifest.yml');
    expect(text).toContain('✔ *slack · alert + digest channel*: C0ALERTS');
    expect(text).toContain('– *firestore · completion documents*: local backend');
    expect(t.slack.calls('conversations.history').map((c) => c.body.channel)).toEqual(['C0ALERTS']);
    expect(t.slack.calls('chat.postMessage')).toEqual([]);
  });

  it('anyone else is refused, and nothing is checked', async () => {
    t.slack.reset();
    const responseUrl = t.slack.responseUrl('doctor-visitor');
    await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, { text: 'doctor', responseUrl, userId: 'U0VISITOR' });
    const reply = await t.slack.waitForResponse('doctor-visitor');
    expect((reply.body as { text: string }).text).toContain('`doctor` is for users allowed to heal');
    expect(t.slack.calls('auth.test')).toEqual([]);
  });
});
