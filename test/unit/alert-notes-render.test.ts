/**
 * Thread notes are recorded as data and rendered by views at delivery: every note type and action
 * result has its text here, stored strings are escaped, and records stored before notes were typed
 * (`thread` items with their text) still post exactly what they said.
 */
import { describe, expect, it } from 'vitest';
import {
  type ActionResult,
  acknowledge,
  applyResult,
  applyTime,
  snooze,
} from '../../src/alerts/lifecycle.js';
import { AlertService } from '../../src/alerts/service.js';
import type { AlertNote } from '../../src/alerts/types.js';
import { silentLogger } from '../../src/log.js';
import {
  actionResultText,
  alertNoteText,
  missedRunsText,
  threadItemText,
} from '../../src/views/alert-notes.js';
import { alertViews } from '../../src/views/alert-views.js';
import { alertRecord, checkResult } from '../support/builders.js';
import { FakeClock, ny, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';

const TZ = 'America/New_York';
const HOUR = 3_600_000;

describe('thread notes render from what happened', () => {
  const cases: [AlertNote, string][] = [
    [
      { type: 'resolved', firingMs: 42 * 60_000, summary: 'all in' },
      ':white_check_mark: Resolved after 42 min: all in',
    ],
    [
      { type: 'firing_again', occurrence: 3, summary: 'stuck again' },
      ':rotating_light: Firing again (occurrence 3): stuck again',
    ],
    [
      { type: 'not_evaluated', check: 'stuck', subject: 'phase2_to_phase3:2026-02-01' },
      ':white_circle: Closed: the stuck check no longer evaluates `phase2_to_phase3:2026-02-01` (outside its window).',
    ],
    [{ type: 'snooze_over', summary: 'still stuck' }, ':alarm_clock: Snooze over; still firing: still stuck'],
    [
      { type: 'reminder', firingMs: 2 * HOUR + 5 * 60_000, summary: 'still stuck' },
      ':bell: Reminder: still firing after 2 h 5 min and not acknowledged. still stuck',
    ],
    [{ type: 'acknowledged', by: 'U0ONCALL1' }, ':eyes: Acknowledged by <@U0ONCALL1>; reminders stop.'],
    [
      { type: 'snoozed', by: 'U0ONCALL1', hours: 4, until: '2026-02-10T13:00:00.000Z' },
      ':zzz: Snoozed by <@U0ONCALL1> for 4 h, until 2026-02-10 08:00 America/New_York.',
    ],
    [
      { type: 'escalation', step: 0, mention_usergroup: 'S0ONCALL' },
      ':rotating_light: Escalation step 1: still firing and not acknowledged — <!subteam^S0ONCALL> please take a look.',
    ],
    [
      { type: 'escalation', step: 1, dm_users: ['U0LEAD', 'U0BOSS'] },
      ':rotating_light: Escalation step 2: still firing and not acknowledged — <@U0LEAD>, <@U0BOSS> paged by direct message.',
    ],
    [
      { type: 'note', by: 'U0ONCALL1', text: 'backfill running' },
      ':memo: Note from <@U0ONCALL1>: backfill running',
    ],
    [
      { type: 'resolved_manually', by: 'U0ONCALL1' },
      ':white_check_mark: Resolved by hand by <@U0ONCALL1>; it stays resolved until the check passes and fails again.',
    ],
    [{ type: 'heal', heal_id: 'h1', message: 'Triggered Phase 3.' }, ':wrench: Triggered Phase 3.'],
    [
      { type: 'heal_verified', heal_id: 'h1', started: true, message: 'Phase 3 started.' },
      ':white_check_mark: Phase 3 started.',
    ],
    [
      { type: 'heal_verified', heal_id: 'h1', started: false, message: 'Phase 3 did not start.' },
      ':x: Phase 3 did not start.',
    ],
    [
      { type: 'heal_unfinished', heal_id: 'h1', message: 'Heal h1 never finished.' },
      ':warning: Heal h1 never finished.',
    ],
    [{ type: 'told', text: 'Replayed 3 message(s).' }, 'Replayed 3 message(s).'],
  ];

  it.each(cases)('%o', (note, text) => {
    expect(alertNoteText(note, TZ)).toBe(text);
  });

  it('every note type has a case above', () => {
    // A Record over the union: adding a note type without listing it here fails to type-check.
    const all: Record<AlertNote['type'], true> = {
      resolved: true,
      firing_again: true,
      not_evaluated: true,
      snooze_over: true,
      reminder: true,
      acknowledged: true,
      snoozed: true,
      escalation: true,
      note: true,
      resolved_manually: true,
      heal: true,
      heal_verified: true,
      heal_unfinished: true,
      told: true,
    };
    expect(new Set(cases.map(([n]) => n.type))).toEqual(new Set(Object.keys(all)));
  });

  it('escapes stored text: a summary or note cannot ping or hide a link', () => {
    expect(alertNoteText({ type: 'snooze_over', summary: '<!channel> & <@U1>' }, TZ)).toBe(
      ':alarm_clock: Snooze over; still firing: &lt;!channel&gt; &amp; &lt;@U1&gt;',
    );
    expect(alertNoteText({ type: 'note', by: 'alice <!here>', text: '<https://x|y>' }, TZ)).toBe(
      ':memo: Note from @alice &lt;!here&gt;: &lt;https://x|y&gt;',
    );
  });

  it('an old stored thread item (text written before notes were typed) renders as it was written', () => {
    const text = ':eyes: Acknowledged by <@U0ONCALL1>; reminders stop.';
    expect(threadItemText({ id: 'o1', kind: 'thread', text }, TZ)).toBe(text);
  });

  it('the lifecycle records notes as data, with no Slack text in the record', () => {
    const now = ny('2026-02-10', '04:00');
    const fired = applyResult(undefined, checkResult({ status: 'fail', summary: '<!channel> stuck' }), now)!;
    const reminded = applyTime({ ...fired, ts: '1.1' }, new Date(now.getTime() + HOUR), 30 * 60_000)!;
    expect(reminded.outbox.at(-1)).toMatchObject({
      kind: 'note',
      note: { type: 'reminder', firingMs: HOUR, summary: '<!channel> stuck' },
    });
    const acked = acknowledge(fired, 'U0ONCALL1', now);
    expect(acked.ok && acked.record.outbox.at(-1)).toMatchObject({
      note: { type: 'acknowledged', by: 'U0ONCALL1' },
    });
    const snoozed = snooze(fired, 'U0ONCALL1', 4, now);
    expect(snoozed.ok && snoozed.record.outbox.at(-1)).toMatchObject({
      note: { type: 'snoozed', hours: 4, until: '2026-02-10T13:00:00.000Z' },
    });
  });
});

describe('the answer to the person who acted', () => {
  const cases: [ActionResult, string][] = [
    [{ type: 'acknowledged' }, 'Acknowledged. Reminders stop.'],
    [
      { type: 'snoozed', until: new Date('2026-02-10T13:00:00.000Z') },
      'Snoozed until 2026-02-10 08:00 America/New_York.',
    ],
    [
      { type: 'resolved_manually' },
      'Resolved. It stays resolved until the check passes and then fails again.',
    ],
    [{ type: 'note_added' }, 'Note added to the alert thread.'],
    [{ type: 'gone' }, 'That alert no longer exists.'],
    [{ type: 'already_resolved' }, 'That alert is already resolved.'],
    [{ type: 'already_acknowledged', by: 'U0ONCALL1' }, 'Already acknowledged by <@U0ONCALL1>.'],
    [{ type: 'already_acknowledged' }, 'Already acknowledged by @?.'],
    [{ type: 'note_empty' }, 'The note is empty; nothing was added.'],
    [{ type: 'note_too_long', chars: 2100, max: 2000 }, 'The note is 2100 characters; at most 2000.'],
  ];

  it.each(cases)('%o', (result, text) => {
    expect(actionResultText(result, TZ)).toBe(text);
  });

  it('the lifecycle refuses with data: acknowledging twice names who did', () => {
    const now = ny('2026-02-10', '04:00');
    const fired = applyResult(undefined, checkResult({ status: 'fail' }), now)!;
    const first = acknowledge(fired, 'U0ONCALL1', now);
    if (!first.ok) throw new Error('the first acknowledgement must succeed');
    expect(acknowledge(first.record, 'U0ONCALL2', now)).toEqual({
      ok: false,
      result: { type: 'already_acknowledged', by: 'U0ONCALL1' },
    });
  });

  it('the missed-runs notice names the last completed run in the pipeline zone', () => {
    expect(missedRunsText({ lastCompleted: new Date('2026-02-10T09:01:00.000Z'), intervals: 3 }, TZ)).toBe(
      ':warning: No check run completed between 2026-02-10 04:01 and now (3+ intervals): the bot was down or its schedule stopped. Checking now; alerts below are current.',
    );
  });
});

describe('delivery of records stored before notes were typed', () => {
  it('an old record with thread text and a new note posts both, in order, then empties the outbox', async () => {
    const store = new MemoryAlertStore();
    const chat = new RecordingChat();
    const old = alertRecord({
      channel: 'C0ALERTS',
      ts: '1700000000.000001',
      outbox: [
        {
          id: 'o1',
          kind: 'thread',
          text: ':zzz: Snoozed by <@U0ONCALL2> for 4 h, until 2026-02-10 08:00 America/New_York.',
        },
        { id: 'o2', kind: 'note', note: { type: 'acknowledged', by: 'U0ONCALL1' } },
      ],
    });
    await store.update(old.fingerprint, () => old);
    const alerts = new AlertService({
      config: testConfig({ ALERT_CHANNEL: 'C0ALERTS' }),
      clock: new FakeClock(ny('2026-02-10', '04:00')),
      log: silentLogger,
      store,
      chat,
      channel: 'C0ALERTS',
      instanceId: 'i1',
      views: alertViews,
    });
    expect(await alerts.deliver(old.fingerprint)).toBe('done');
    expect(chat.threadReplies('1700000000.000001').map((c) => c.message.text)).toEqual([
      ':zzz: Snoozed by <@U0ONCALL2> for 4 h, until 2026-02-10 08:00 America/New_York.',
      ':eyes: Acknowledged by <@U0ONCALL1>; reminders stop.',
    ]);
    expect((await store.get(old.fingerprint))?.outbox).toEqual([]);
  });
});
