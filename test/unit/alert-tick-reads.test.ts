/**
 * A checks tick reads the open alerts once (README *Benchmarks*, growth): results, silences, reminders,
 * escalation, storms and delivery share one copy, kept current by the tick's own writes.
 */
import { describe, expect, it } from 'vitest';
import { MemorySilenceStore } from '../../src/adapters/memory/stores.js';
import { AlertService } from '../../src/alerts/service.js';
import { TickAlertStore } from '../../src/alerts/tick-store.js';
import { silentLogger } from '../../src/log.js';
import { alertViews } from '../../src/views/alert-views.js';
import { alertRecord, checkResult } from '../support/builders.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';

/** The memory store, counting how often the open alerts are listed. */
class CountingStore extends MemoryAlertStore {
  listed = 0;
  override async listActive() {
    this.listed++;
    return super.listActive();
  }
}

describe('one read of the open alerts per tick', () => {
  it('a tick that opens, mutes, posts and one that changes nothing each list the open alerts once', async () => {
    const store = new CountingStore();
    const chat = new RecordingChat();
    const clock = new FakeClock(new Date('2026-02-10T15:00:00Z'));
    const silences = new MemorySilenceStore();
    await silences.create({
      id: 's1',
      matchers: { subject: 'phase2_to_phase3:2026-02-08' },
      created_by: 'U1',
      reason: 'backfill',
      starts_at: clock.now(),
      ends_at: new Date(clock.now().getTime() + 3_600_000),
    });
    const alerts = new AlertService({
      config: testConfig({ ALERT_CHANNEL: 'C0ALERTS' }),
      clock,
      log: silentLogger,
      store,
      chat,
      channel: 'C0ALERTS',
      instanceId: 'test',
      silences,
      views: alertViews,
    });
    const results = ['2026-02-08', '2026-02-09'].map((date) => checkResult({ date }));
    await alerts.process(results);
    expect(store.listed).toBe(1);
    const open = await store.listActive();
    expect(open.map((a) => [a.subject, a.mutedBy, !!a.ts])).toEqual([
      ['phase2_to_phase3:2026-02-08', 's1', false],
      ['phase2_to_phase3:2026-02-09', undefined, true],
    ]);
    expect(chat.roots().map((c) => c.message.key)).toEqual(['stuck:phase2_to_phase3:2026-02-09']);
    const posts = chat.calls.length;
    store.listed = 0;
    clock.advance(5 * 60_000);
    await alerts.process(results);
    expect(store.listed).toBe(1);
    expect(chat.calls).toHaveLength(posts);
  });

  it("the tick's copy follows its own writes: changed records, resolved ones leave, others' writes wait", async () => {
    const inner = new MemoryAlertStore();
    const first = alertRecord({}, checkResult({ date: '2026-02-08' }));
    const second = alertRecord({}, checkResult({ date: '2026-02-09' }));
    await inner.update(first.fingerprint, () => first);
    await inner.update(second.fingerprint, () => second);
    const tick = new TickAlertStore(inner);
    expect((await tick.listActive()).map((a) => a.fingerprint)).toEqual([
      first.fingerprint,
      second.fingerprint,
    ]);
    await tick.update(first.fingerprint, (cur) => cur && { ...cur, state: 'acknowledged' });
    await tick.update(second.fingerprint, (cur) => cur && { ...cur, state: 'resolved' });
    await inner.update(first.fingerprint, (cur) => cur && { ...cur, summary: 'written by another instance' });
    const listed = await tick.listActive();
    expect(listed.map((a) => [a.fingerprint, a.state, a.summary])).toEqual([
      [first.fingerprint, 'acknowledged', first.summary],
    ]);
  });
});
