/**
 * Properties over signed Slack requests against the running receiver: any `/pipeline` text and any
 * interactive payload is acknowledged (200) or refused as malformed (400) — never a 500 or a crash —
 * every reply is written by the bot and carries no live Slack sequence from the input, and no heal runs
 * (nobody is allowed to heal in this app).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../src/views/action-ids.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { commandText } from '../support/arbitraries.js';
import { blockActionsPayload, sendInteraction, sendSlashCommand } from '../support/slack-requests.js';

const CALLER = 'U0RANDOM';
/** A live mention, channel link, special command or URL link — except the caller's own mention. */
const LIVE = new RegExp(`<[!#]|<http|<@(?!${CALLER}>)`, 'i');

const hostileString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom('<!channel>', '<@U0EVIL>', '<#C0EVIL>', '<https://evil|x>', '', 'phase2_to_phase3', 'null'),
);
const actionValue = fc.oneof(
  hostileString,
  fc.record({ t: hostileString, d: hostileString }).map((v) => JSON.stringify(v)),
  fc.record({ fp: hostileString }).map((v) => JSON.stringify(v)),
  fc.record({ fp: hostileString, h: fc.integer() }).map((v) => JSON.stringify(v)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);
const action = fc.record({
  type: fc.constantFrom('button', 'static_select', 'overflow'),
  action_id: fc.oneof(fc.constantFrom(...Object.values(ACTION_IDS)), fc.string({ maxLength: 30 })),
  value: actionValue,
  selected_option: fc.option(fc.record({ value: actionValue }), { nil: undefined }),
});

describe('hostile input over signed requests', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await startTestApp({}, { slackMinPostIntervalMs: 0 });
  });
  afterAll(async () => {
    await t?.stop();
  });

  const replyTo = async (id: string) =>
    JSON.stringify((await t.slack.waitForResponse(id, undefined, 10_000)).body);

  it('any /pipeline text: 200, a bot-written reply, no live sequence echoed', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        const id = `slash-${n++}`;
        const res = await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
          text,
          userId: CALLER,
          responseUrl: t.slack.responseUrl(id),
        });
        expect(res.status).toBe(200);
        const reply = await replyTo(id);
        expect(reply).not.toMatch(LIVE);
        expect(reply).not.toMatch(/\n\s+at |TypeError|Error:/);
      }),
      { numRuns: 120 },
    );
  });

  it('any interactive payload: 200 or 400, replies clean, no heal recorded as run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 2 }), async (actions) => {
        const id = `click-${n++}`;
        const payload = blockActionsPayload(
          { responseUrl: t.slack.responseUrl(id), userId: CALLER },
          actions,
        );
        const res = await sendInteraction(t.eventsUrl, SIGNING_SECRET, payload);
        expect([200, 400]).toContain(res.status);
        // Every action but the runbook link (ack only) answers the user.
        if (res.status === 200 && actions[0]!.action_id !== ACTION_IDS.runbook) {
          expect(await replyTo(id)).not.toMatch(LIVE);
        }
      }),
      { numRuns: 100 },
    );
    await t.app.deps.heal!.settled();
    const heals = (await t.app.deps.heal!.recent(1)).filter(
      (h) => h.status !== 'denied' && h.status !== 'refused',
    );
    expect(heals).toEqual([]);
  });

  it('any JSON as a whole payload: 400 or 200, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (payload) => {
        const res = await sendInteraction(t.eventsUrl, SIGNING_SECRET, payload as object);
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 100 },
    );
    expect((await fetch(`${t.app.url}/healthz`)).status).toBe(200);
  });
});
