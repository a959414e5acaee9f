import { beforeEach, describe, expect, it } from 'vitest';
import { AlertService } from '../../src/alerts/service.js';
import type { CheckResult } from '../../src/checks/types.js';
import { silentLogger } from '../../src/log.js';
import { alertViews } from '../../src/views/alert-views.js';
import { checkResult } from '../support/builders.js';
import { FakeClock, ny, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';

const config = testConfig({ ALERT_CHANNEL: 'C0ALERTS' });
const MIN = 60_000;

function stuck(status: CheckResult['status'], date = '2026-02-09'): CheckResult {
  return checkResult({
    status,
    date,
    summary: status === 'ok' ? 'fine' : 'phase2_to_phase3 is stuck',
    facts: [{ label: 'Processors', value: '5/5' }],
    ...(status === 'ok'
      ? {}
      : {
          suggested_action: {
            kind: 'heal' as const,
            transition: 'phase2_to_phase3',
            date,
            label: 'Trigger Phase 3',
          },
        }),
  });
}

function overdueP3(status: CheckResult['status'], date = '2026-02-10'): CheckResult {
  return checkResult({
    check: 'overdue',
    transition: 'phase3_to_phase4',
    date,
    status,
    summary: 'phase 3→4 overdue',
  });
}

describe('alert lifecycle on a simulated clock', () => {
  let clock: FakeClock;
  let chat: RecordingChat;
  let store: MemoryAlertStore;
  let alerts: AlertService;
  beforeEach(() => {
    clock = new FakeClock(ny('2026-02-10', '04:00'));
    chat = new RecordingChat();
    store = new MemoryAlertStore();
    alerts = new AlertService({
      config,
      clock,
      log: silentLogger,
      store,
      chat,
      channel: 'C0ALERTS',
      instanceId: 'i1',
      views: alertViews,
    });
  });

  it('fire → remind after the interval → ack stops reminders → resolve edits the root', async () => {
    await alerts.process([stuck('fail')]);
    expect(chat.roots()).toHaveLength(1);
    const root = chat.roots()[0]!.message;
    expect(root.channel).toBe('C0ALERTS');
    expect(root.text).toContain('phase2_to_phase3 is stuck');
    const actionIds = JSON.stringify(root.blocks);
    expect(actionIds).toContain('alert_acknowledge');
    expect(actionIds).toContain('heal_trigger');
    expect(actionIds).toContain('alert_snooze');

    clock.advance(239 * MIN);
    await alerts.process([stuck('fail')]);
    expect(chat.threadReplies()).toHaveLength(0);
    clock.advance(2 * MIN);
    await alerts.process([stuck('fail')]);
    expect(chat.threadReplies().map((c) => c.message.text)).toEqual([
      expect.stringContaining('Reminder: still firing after 4 h 1 min'),
    ]);

    const ack = await alerts.acknowledge('stuck:phase2_to_phase3:2026-02-09', 'U0ONCALL1');
    expect(ack.ok).toBe(true);
    expect(chat.updates().at(-1)?.message.text).toContain('phase2_to_phase3 is stuck');
    expect(JSON.stringify(chat.updates().at(-1)?.message.blocks)).toContain('Acknowledged');
    clock.advance(10 * 60 * MIN);
    await alerts.process([stuck('fail')]);
    expect(chat.threadReplies().filter((c) => c.message.text.includes('Reminder'))).toHaveLength(1);

    clock.advance(5 * MIN);
    await alerts.process([stuck('ok')]);
    const last = chat.updates().at(-1)!.message;
    expect(last.text).toMatch(/^\[resolved\]/);
    expect(JSON.stringify(last.blocks)).not.toContain('alert_acknowledge');
    expect(JSON.stringify(last.blocks)).not.toContain('heal_trigger');
    expect(chat.threadReplies().at(-1)?.message.text).toContain('Resolved after 14 h 6 min');
    expect(chat.roots()).toHaveLength(1);
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.state).toBe('resolved');
  });

  it('an alert still firing unchanged is not written again each tick; lastSeenAt is refreshed hourly', async () => {
    await alerts.process([stuck('fail')]);
    const fp = 'stuck:phase2_to_phase3:2026-02-09';
    const firstSeen = (await store.get(fp))!.lastSeenAt;
    let writes = 0;
    const update = store.update.bind(store);
    store.update = (f, fn) => {
      writes++;
      return update(f, fn);
    };
    for (let tick = 0; tick < 11; tick++) {
      clock.advance(5 * MIN);
      await alerts.process([stuck('fail')]);
    }
    expect(writes).toBe(0);
    expect((await store.get(fp))!.lastSeenAt).toEqual(firstSeen);
    clock.advance(5 * MIN); // 60 min after it was last seen
    await alerts.process([stuck('fail')]);
    expect(writes).toBe(1);
    expect((await store.get(fp))!.lastSeenAt).toEqual(clock.now());
    await alerts.process([{ ...stuck('fail'), summary: 'phase2_to_phase3 is stuck again' }]);
    expect(writes).toBe(2);
    expect((await store.get(fp))!.summary).toBe('phase2_to_phase3 is stuck again');
  });

  it('snooze hides reminders until it expires, then says it is still firing', async () => {
    await alerts.process([stuck('fail')]);
    const snoozed = await alerts.snooze('stuck:phase2_to_phase3:2026-02-09', 'U2', 1);
    expect(snoozed).toMatchObject({
      ok: true,
      record: { state: 'snoozed', snoozedBy: 'U2' },
      message: expect.stringContaining('Snoozed until 2026-02-10 05:00'),
    });
    clock.advance(59 * MIN);
    await alerts.process([stuck('fail')]);
    expect(chat.threadReplies().map((c) => c.message.text)).toEqual([
      expect.stringContaining('Snoozed by <@U2> for 1 h'),
    ]);
    clock.advance(2 * MIN);
    await alerts.process([stuck('fail')]);
    expect(chat.threadReplies().at(-1)?.message.text).toContain('Snooze over; still firing');
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.state).toBe('firing');
  });

  it('a flapping check never posts a second root message', async () => {
    for (let i = 0; i < 5; i++) {
      await alerts.process([stuck('fail')]);
      clock.advance(MIN);
      await alerts.process([stuck('ok')]);
      clock.advance(MIN);
    }
    await alerts.process([stuck('fail')]);
    expect(chat.roots()).toHaveLength(1);
    expect(chat.threadReplies().filter((c) => c.message.text.includes('Firing again'))).toHaveLength(5);
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.occurrences).toBe(6);
  });

  it('steady firing does not edit the message on every tick', async () => {
    await alerts.process([stuck('fail')]);
    for (let i = 0; i < 10; i++) {
      clock.advance(MIN);
      await alerts.process([{ ...stuck('fail'), summary: `stuck for ${i} min` }]);
    }
    expect(chat.updates()).toHaveLength(0);
  });

  it('Slack outage: nothing is dropped; the alert is posted once Slack answers again', async () => {
    chat.failing = true;
    await alerts.process([stuck('fail')]);
    await alerts.process([stuck('fail')]);
    expect(chat.calls).toHaveLength(0);
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.outbox.map((i) => i.kind)).toEqual([
      'root',
    ]);
    chat.failing = false;
    await alerts.process([stuck('fail')]);
    expect(chat.roots()).toHaveLength(1);
    await alerts.process([stuck('fail')]);
    expect(chat.roots()).toHaveLength(1);
  });

  it('a check that errors raises its own check_health alert', async () => {
    await alerts.process([
      {
        check: 'check_health',
        subject: 'completeness',
        status: 'error',
        summary: 'The completeness check could not run: 500',
        details: {},
        facts: [],
      },
    ]);
    expect(chat.roots().map((c) => c.message.text)).toEqual([
      expect.stringContaining('a check could not run: The completeness check could not run: 500'),
    ]);
  });

  it('a downstream alert for the same run goes into the upstream thread', async () => {
    await alerts.process([stuck('fail', '2026-02-09'), overdueP3('fail', '2026-02-10')]);
    expect(chat.roots()).toHaveLength(1);
    const parentTs = (await store.get('stuck:phase2_to_phase3:2026-02-09'))?.ts;
    expect(chat.threadReplies(parentTs).map((c) => c.message.text)).toEqual([
      expect.stringContaining('phase 3→4 overdue'),
    ]);
    // A different run (unrelated date) gets its own root.
    await alerts.process([stuck('fail', '2026-02-09'), overdueP3('fail', '2026-02-20')]);
    expect(chat.roots()).toHaveLength(2);
  });

  it('an alert whose subject left the check window is closed, but not while its check is failing', async () => {
    await alerts.process([stuck('fail')]);
    await alerts.process([
      { check: 'check_health', subject: 'stuck', status: 'error', summary: 'x', details: {}, facts: [] },
    ]);
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.state).toBe('firing');
    await alerts.process([
      { check: 'check_health', subject: 'stuck', status: 'ok', summary: 'ran', details: {}, facts: [] },
    ]);
    expect((await store.get('stuck:phase2_to_phase3:2026-02-09'))?.state).toBe('resolved');
    const stuckTs = (await store.get('stuck:phase2_to_phase3:2026-02-09'))?.ts;
    expect(chat.threadReplies(stuckTs).at(-1)?.message.text).toContain('no longer evaluates');
    // The check_health alert raised while the check was failing resolved too, in its own thread.
    expect((await store.get('check_health:stuck'))?.state).toBe('resolved');
  });

  it('acknowledging twice or a resolved alert says so', async () => {
    await alerts.process([stuck('fail')]);
    await alerts.acknowledge('stuck:phase2_to_phase3:2026-02-09', 'U1');
    expect(await alerts.acknowledge('stuck:phase2_to_phase3:2026-02-09', 'U2')).toEqual({
      ok: false,
      result: { type: 'already_acknowledged', by: 'U1' },
      message: 'Already acknowledged by <@U1>.',
    });
    expect(await alerts.acknowledge('nope:x', 'U2')).toEqual({
      ok: false,
      result: { type: 'gone' },
      message: 'That alert no longer exists.',
    });
  });
});
