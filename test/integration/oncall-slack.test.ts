/**
 * The on-call surface through Slack (signed requests, fake Web API): `/pipeline mute|mutes|unmute|routes`,
 * the alert overflow menu (Resolve manually, Add note…, Mute similar…) and its modals.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLayout } from '../../src/adapters/local/demo.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendSlashCommand, sendStaticSelectAction, sendViewSubmission } from '../support/slack-requests.js';

type Posted = { channel: string; text: string; thread_ts?: string; blocks?: unknown[] };
const textOf = (r: { body: Record<string, unknown> }) => String(r.body.text ?? '');

describe('on-call from Slack', () => {
  let t: TestApp;
  const stuckFp = () => `stuck:phase2_to_phase3:${demoLayout(new Date(), 'America/New_York').stuckGameDate}`;
  const slash = async (text: string, id: string) => {
    const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
      text,
      responseUrl: t.slack.responseUrl(id),
    });
    expect(res.status).toBe(200);
    return t.slack.waitForResponse(id);
  };
  const menu = (fp: string, a: string, id: string) =>
    sendStaticSelectAction(t.eventsUrl, SIGNING_SECRET, {
      kind: 'overflow',
      actionId: 'alert_overflow',
      value: JSON.stringify({ fp, a }),
      responseUrl: t.slack.responseUrl(id),
    });

  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
    await t.app.deps.runScheduledChecks('task');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('alerts carry the overflow menu, severity and evidence links', () => {
    const root = t.slack
      .succeededCalls('chat.postMessage')
      .find((c) => (c.body as Posted).text.includes('is stuck'))!;
    const blocks = JSON.stringify((root.body as Posted).blocks);
    expect(blocks).toContain('"action_id":"alert_overflow"');
    expect(blocks).toContain('Mute similar…');
    expect(blocks).toContain('*critical* · Check `stuck`');
  });

  it('/pipeline mute, mutes and unmute', async () => {
    const created = await slash('mute check=drift 2h known <!here> issue', 'mute');
    const id = /Silence `([a-z0-9]+)`/.exec(textOf(created) + JSON.stringify(created.body.blocks))?.[1];
    expect(id).toBeDefined();
    const announce = await t.slack.waitForCall('chat.postMessage', (c) =>
      String((c.body as Posted).text).startsWith('Muted check=drift'),
    );
    expect(JSON.stringify((announce.body as Posted).blocks)).toContain('known &lt;!here&gt; issue');
    expect(JSON.stringify((await slash('mutes', 'mutes')).body.blocks)).toContain(id!);
    expect(JSON.stringify((await slash(`unmute ${id}`, 'unmute')).body.blocks)).toContain('ended');
    expect(JSON.stringify((await slash('mutes', 'mutes2')).body.blocks)).toContain('No live silences');
  });

  it('/pipeline routes shows the table and where an alert would go', async () => {
    const reply = await slash('routes check=stuck transition=phase2_to_phase3', 'routes');
    const blocks = JSON.stringify(reply.body.blocks);
    expect(blocks).toContain('default');
    expect(blocks).toContain('takes route *default*');
  });

  it('Add note…: opens a modal; its submission posts the note in the thread', async () => {
    await menu(stuckFp(), 'note', 'note');
    const open = await t.slack.waitForCall('views.open');
    const view = open.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('alert_note_modal');
    const res = await sendViewSubmission(t.eventsUrl, SIGNING_SECRET, {
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: { note: { note_text: 'restarted the orchestrator' } },
    });
    expect(res.status).toBe(200);
    const record = await t.app.deps.alertStore.get(stuckFp());
    await t.slack.waitForCall(
      'chat.postMessage',
      (c) =>
        (c.body as Posted).thread_ts === (record?.threadTs ?? record?.ts) &&
        textOf(c).includes('restarted the orchestrator'),
    );
    expect((await t.app.deps.alertStore.get(stuckFp()))?.notes).toHaveLength(1);
  });

  it('Mute similar…: pre-filled; a bad duration is answered in the modal; a good one creates the silence', async () => {
    await menu(stuckFp(), 'mute', 'mute-similar');
    const open = await t.slack.waitForCall(
      'views.open',
      (c) => (c.body.view as { callback_id: string }).callback_id === 'alert_mute_modal',
    );
    const view = open.body.view as { private_metadata: string; blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain(
      '"initial_value":"check=stuck transition=phase2_to_phase3"',
    );
    const submit = (duration: string) =>
      sendViewSubmission(t.eventsUrl, SIGNING_SECRET, {
        callbackId: 'alert_mute_modal',
        privateMetadata: view.private_metadata,
        values: {
          matchers: { matchers_text: 'check=stuck transition=phase2_to_phase3' },
          duration: { duration_text: duration },
          reason: { reason_text: 'heal running' },
        },
      });
    const bad = await submit('-5h');
    expect(JSON.parse(bad.body)).toEqual({
      response_action: 'errors',
      errors: { duration: '"-5h" is negative; a duration is positive, e.g. 2h.' },
    });
    expect((await submit('1h')).status).toBe(200);
    await t.slack.waitForCall('chat.postMessage', (c) => (c.body as Posted).channel === 'U0ONCALL1');
    const live = await t.app.deps.silences.listUnsummarized();
    expect(live.some((s) => s.reason === 'heal running' && s.matchers.check === 'stuck')).toBe(true);
  });

  it('a muted alert is still evaluated and shown: status counts it as muted, its root says so', async () => {
    await t.app.deps.runScheduledChecks('task');
    const stuck = await t.app.deps.alertStore.get(stuckFp());
    expect(stuck?.mutedBy).toBeDefined();
    const update = await t.slack.waitForCall(
      'chat.update',
      (c) =>
        (c.body as { ts: string }).ts === stuck?.ts &&
        JSON.stringify(c.body.blocks).includes('Muted by silence'),
    );
    expect(update).toBeDefined();
    const status = await slash('status', 'status-muted');
    expect(JSON.stringify(status.body.blocks)).toMatch(/open alerts? \(1 muted\)/);
  });
});

describe('storm control with the demo pipeline (default threshold 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-storm-'));
    writeFileSync(join(dir, 'pipeline.yml'), 'channels: { alerts: C0ALERTS }\n');
    t = await startTestApp({ PIPELINE_CONFIG: join(dir, 'pipeline.yml') }, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the alerts of start-up share one root; each is a reply with its own buttons; a second tick adds no root', async () => {
    await t.app.deps.runScheduledChecks('task');
    const roots = t.slack.succeededCalls('chat.postMessage').filter((c) => !(c.body as Posted).thread_ts);
    expect(roots).toHaveLength(1);
    const summary = roots[0]!.response as { ts: string };
    const active = (await t.app.deps.alertStore.listActive()).filter((a) => !a.parentFingerprint);
    expect(active.length).toBeGreaterThan(5);
    expect(textOf(roots[0]!)).toBe(`${active.length} alerts opened at once`);
    expect(active.every((a) => a.threadTs === summary.ts && a.ts)).toBe(true);
    const replies = t.slack
      .succeededCalls('chat.postMessage')
      .filter((c) => (c.body as Posted).thread_ts === summary.ts);
    expect(
      replies.filter((r) => JSON.stringify((r.body as Posted).blocks).includes('alert_overflow')),
    ).toHaveLength(active.length);
    await t.app.deps.runScheduledChecks('task');
    expect(
      t.slack.succeededCalls('chat.postMessage').filter((c) => !(c.body as Posted).thread_ts),
    ).toHaveLength(1);
  });
});
