/**
 * The heal button, the Confirm and the Cancel of `/pipeline heal`, called as Bolt calls them (fake
 * ack/respond, a fake heal service, a recording chat): ack first and exactly once, one heal call with the
 * clicking user and the right source, the outcome rendered by the heal view (as a direct message when the
 * click came from App Home), the heal shown on its alert; a value that does not decode runs nothing; an
 * unexpected failure is answered with an error reference.
 */
import { describe, expect, it } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { HealOutcome, HealService } from '../../src/heal/index.js';
import { healButton } from '../../src/listeners/actions/heal-button.js';
import { healCancelButton } from '../../src/listeners/actions/heal-cancel.js';
import { ACTION_IDS } from '../../src/views/action-ids.js';
import { healOutcomeView } from '../../src/views/heal.js';
import { healOutcomeText } from '../../src/views/heal-outcome.js';
import { LISTENER_REPLIES } from '../../src/views/listener-replies.js';
import { healEvent, healPlan } from '../support/builders.js';
import {
  buttonClick,
  CallLog,
  type ClickOptions,
  expectErrorReply,
  fakeService,
  recordingLogger,
  USER,
} from '../support/fake-bolt.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { RecordingChat } from '../support/memory.js';

const T = 'phase2_to_phase3';
const DATE = '2026-02-09';
const CONFIG = testConfig();
const NOW = new Date('2026-02-10T20:00:00.000Z');
const CLOCK = { tz: CONFIG.timezone, now: NOW };
const triggered: HealOutcome = {
  kind: 'triggered',
  ok: true,
  transition: T,
  date: DATE,
  plan: healPlan(),
  event: healEvent({ heal_id: 'h-1', status: 'triggered', requested_by: USER }),
};
/** The outcome as the heal view renders it for the clicking user. */
const RAN = healOutcomeText(triggered, CLOCK);

function world(heal: HealService['heal'] | undefined, note: AlertService['note'] = async () => true) {
  const calls = new CallLog();
  const logger = recordingLogger();
  const chat = new RecordingChat();
  const deps = {
    heal: heal && fakeService<HealService>(calls, 'heal', { heal }),
    alerts: fakeService<AlertService>(calls, 'alerts', { note }),
    chat,
    log: logger.log,
    config: CONFIG,
    clock: new FakeClock(NOW),
  };
  const replies = () =>
    calls.firstArgs<{ text: string; blocks?: unknown[]; replace_original: boolean; response_type: string }>(
      'respond',
    );
  const click = (source: 'button' | 'slash', value: string | undefined, opts?: ClickOptions) =>
    healButton(
      deps,
      source,
    )(buttonClick(calls, source === 'button' ? ACTION_IDS.heal : ACTION_IDS.healConfirm, value, opts));
  return { calls, chat, lines: logger.lines, replies, click };
}

const value = (v: object) => JSON.stringify(v);

describe('the heal button', () => {
  it('acks first, once; heals as the clicking user; answers with the heal view; shows the heal on its alerts', async () => {
    const w = world(async () => triggered);
    await w.click('button', value({ t: T, d: DATE }));
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'respond', 'alerts.note', 'alerts.note']);
    expect(w.calls.firstArgs('heal.heal')).toEqual([
      { transition: T, date: DATE, source: 'button', requestedBy: USER, force: false },
    ]);
    expect(RAN).toContain(`requested by <@${USER}>`);
    const view = healOutcomeView(triggered, CLOCK);
    expect(w.replies()).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: view.text, blocks: view.blocks },
    ]);
    expect(w.calls.firstArgs('alerts.note')).toEqual([`stuck:${T}:${DATE}`, `overdue:${T}:${DATE}`]);
  });

  it('a forced value on an alert button is not a force: only the Confirm of /pipeline heal --force is', async () => {
    const w = world(async () => triggered);
    await w.click('button', value({ t: T, d: DATE, f: true }));
    expect(w.calls.firstArgs<{ force: boolean }>('heal.heal')[0]!.force).toBe(false);
  });

  it('from App Home (no response_url) the outcome comes as a direct message', async () => {
    const w = world(async () => triggered);
    await w.click('button', value({ t: T, d: DATE }), { responseUrl: null });
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'alerts.note', 'alerts.note']);
    expect(w.chat.calls).toEqual([
      {
        kind: 'post',
        message: { channel: USER, text: RAN, blocks: healOutcomeView(triggered, CLOCK).blocks },
      },
    ]);
  });

  it('a refusal is answered with its reason and nothing is shown on the alert', async () => {
    const refused: HealOutcome = {
      kind: 'refused',
      ok: false,
      reason: 'Refused: 2026-02-11 is in the future.',
    };
    const w = world(async () => refused);
    await w.click('button', value({ t: T, d: '2026-02-11' }));
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'respond']);
    expect(w.replies()[0]!.text).toBe('Refused: 2026-02-11 is in the future.');
    expect(JSON.stringify(w.replies()[0]!.blocks)).toContain(':no_entry:');
  });

  it.each([
    ['an extra field', value({ t: T, d: DATE, x: 1 })],
    ['not JSON', 'phase3'],
    ['a date that is not ISO', value({ t: T, d: 'yesterday' })],
    ['no date', value({ t: T })],
    ['a force that is not a boolean', value({ t: T, d: DATE, f: 'yes' })],
    ['a value longer than any Slack button value', 'x'.repeat(2100)],
    ['no value', undefined],
  ])('a value with %s runs nothing and says so', async (_name, v) => {
    const w = world(async () => triggered);
    await w.click('button', v);
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('That heal button is not valid (bad value); nothing was run.');
  });

  it('without heals on this bot, says so', async () => {
    const w = world(undefined);
    await w.click('button', value({ t: T, d: DATE }));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('Heals are not enabled on this bot.');
  });

  it('a heal that throws: the user is told with an error reference and pointed at the history', async () => {
    const w = world(async () => {
      throw new Error('heal log exploded');
    });
    await w.click('button', value({ t: T, d: DATE }));
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'respond']);
    const text = w.replies()[0]!.text;
    expect(text).toMatch(
      /^Sorry, the heal failed unexpectedly \(error [0-9a-f]{6} in the log\)\. Check `\/pipeline history`/,
    );
    expectErrorReply(text, w.lines, 'heal log exploded');
  });

  it('an alert that cannot be annotated is logged; the user already has the outcome', async () => {
    const w = world(
      async () => triggered,
      async () => {
        throw new Error('slack down');
      },
    );
    await w.click('button', value({ t: T, d: DATE }));
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'respond', 'alerts.note']);
    expect(w.replies()[0]!.text).toBe(RAN);
    expect(w.lines.find((l) => l.msg === 'could not show the heal on its alert')).toMatchObject({
      heal_id: 'h-1',
    });
  });
});

describe('Confirm of /pipeline heal', () => {
  it('heals with source slash, honours --force from the prompt, and replaces the prompt with the outcome', async () => {
    const w = world(async () => triggered);
    await w.click('slash', value({ t: T, d: DATE, f: true }));
    expect(w.calls.names()).toEqual(['ack', 'heal.heal', 'respond', 'alerts.note', 'alerts.note']);
    expect(w.calls.firstArgs('heal.heal')).toEqual([
      { transition: T, date: DATE, source: 'slash', requestedBy: USER, force: true },
    ]);
    expect(w.replies()[0]).toMatchObject({ replace_original: true, text: RAN });
  });
});

describe('Cancel of /pipeline heal', () => {
  it('acks, replaces the prompt, and calls nothing else', async () => {
    const calls = new CallLog();
    await healCancelButton(buttonClick(calls, ACTION_IDS.healCancel, value({ t: T, d: DATE })));
    expect(calls.names()).toEqual(['ack', 'respond']);
    expect(calls.firstArgs('respond')).toEqual([
      { response_type: 'ephemeral', replace_original: true, text: LISTENER_REPLIES.healCancelled },
    ]);
    expect(LISTENER_REPLIES.healCancelled).toBe('Heal cancelled; nothing was run.');
  });
});
