/**
 * Ack timing and wiring, once per listener type, through signed requests against the running receiver:
 * a slash command, a button, a modal submission and an App Home event each get their HTTP 200 while the
 * one service call behind them is still held at a gate — Slack's 3-second limit never waits on a backend —
 * and the answer follows once the gate opens. No duration is measured: the gate orders the steps. (What each
 * listener answers is unit-tested in test/unit/listeners-*.test.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_STORM_YAML, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import {
  appHomeOpenedEvent,
  sendBlockAction,
  sendEvent,
  sendSlashCommand,
  sendViewSubmission,
} from '../support/slack-requests.js';

/** A service call held until `open()`; `entered` resolves once the listener has made it. */
function gate() {
  let open!: () => void;
  let enter!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const entered = new Promise<void>((resolve) => {
    enter = resolve;
  });
  /** Wraps `fn` so that each call waits at the gate. */
  const hold =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      enter();
      await opened;
      return fn(...args);
    };
  return { open, entered, hold };
}

const FP = 'stuck:phase2_to_phase3:2026-02-09';

describe('every listener type acks before its service call answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The answer deadline at its maximum: a listener that waited for its service before acking would
    // keep the request open past the request's own abort (15 s), so this test fails instead of passing late.
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-ack-'));
    writeFileSync(join(dir, 'pipeline.yml'), `${NO_STORM_YAML}limits: { slash_answer_seconds: 60 }\n`);
    t = await startTestApp({ PIPELINE_CONFIG: join(dir, 'pipeline.yml') }, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a slash command: 200 while the alert store is held; the answer follows', async () => {
    const g = gate();
    const store = t.app.deps.alertStore;
    const listActive = store.listActive.bind(store);
    store.listActive = g.hold(listActive);
    try {
      const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
        text: 'status',
        responseUrl: t.slack.responseUrl('slash'),
      });
      expect(res.status).toBe(200);
      await g.entered;
      expect(t.slack.responses('slash')).toEqual([]);
      g.open();
      const reply = await t.slack.waitForResponse('slash');
      expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    } finally {
      store.listActive = listActive;
    }
  });

  it('a button: 200 while the acknowledge is held; the answer follows', async () => {
    const g = gate();
    const alerts = t.app.deps.alerts!;
    const acknowledge = alerts.acknowledge.bind(alerts);
    alerts.acknowledge = g.hold(acknowledge);
    try {
      const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
        actionId: 'alert_acknowledge',
        value: JSON.stringify({ fp: FP }),
        responseUrl: t.slack.responseUrl('button'),
      });
      expect(res.status).toBe(200);
      await g.entered;
      expect(t.slack.responses('button')).toEqual([]);
      g.open();
      const reply = await t.slack.waitForResponse('button');
      expect(reply.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    } finally {
      alerts.acknowledge = acknowledge;
    }
  });

  it('a modal submission: 200 (the modal closes) while the note is held; the note is added after', async () => {
    const g = gate();
    const alerts = t.app.deps.alerts!;
    const addNote = alerts.addNote.bind(alerts);
    // What the alert service answered, once it has (only the fields this test reads).
    const added: { ok: boolean; message: string }[] = [];
    alerts.addNote = g.hold(async (fp: string, user: string, text: string) => {
      const outcome = await addNote(fp, user, text);
      added.push(outcome);
      return outcome;
    });
    try {
      const res = await sendViewSubmission(t.eventsUrl, SIGNING_SECRET, {
        callbackId: 'alert_note_modal',
        privateMetadata: JSON.stringify({ fp: FP }),
        values: { note: { note_text: 'looking into it' } },
      });
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      await g.entered;
      expect(added).toEqual([]);
      g.open();
      // No such alert in this app: the user hears so by direct message, after the gate.
      const dm = await t.slack.waitForCall('chat.postMessage', (c) => c.body.channel === 'U0ONCALL1');
      expect(added).toMatchObject([{ ok: false }]);
      expect(dm.body.text).toBe(added[0]!.message);
    } finally {
      alerts.addNote = addNote;
    }
  });

  it('App Home: 200 while the permission check is held; the dashboard is published after', async () => {
    const g = gate();
    const heal = t.app.deps.heal!;
    const canHeal = heal.canHeal.bind(heal);
    heal.canHeal = g.hold(canHeal);
    try {
      const res = await sendEvent(t.eventsUrl, SIGNING_SECRET, appHomeOpenedEvent('U0HOME'));
      expect(res.status).toBe(200);
      await g.entered;
      expect(t.slack.calls('views.publish')).toEqual([]);
      g.open();
      const published = await t.slack.waitForCall('views.publish', (c) => c.body.user_id === 'U0HOME');
      expect((published.body.view as { type: string }).type).toBe('home');
    } finally {
      heal.canHeal = canHeal;
    }
  });
});
