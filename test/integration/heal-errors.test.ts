/** A heal that fails unexpectedly still gets a short answer to the user, never silence. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { sendBlockAction } from '../support/slack-requests.js';

describe('heal button when the heal service throws', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers with the error instead of leaving the user waiting', async () => {
    t.app.deps.heal!.heal = async () => {
      throw new Error('heal log exploded');
    };
    const responseUrl = t.slack.responseUrl('heal-throws');
    const res = await sendBlockAction(t.eventsUrl, SIGNING_SECRET, {
      actionId: 'heal_trigger',
      value: JSON.stringify({ t: 'phase2_to_phase3', d: '2026-02-09' }),
      responseUrl,
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitForResponse('heal-throws');
    const text = (reply.body as { text: string }).text;
    expect(text).toMatch(/the heal failed unexpectedly \(error [0-9a-f]{6} in the log\)/);
    expect(text).not.toContain('exploded'); // the raw error stays in the log
  });
});
