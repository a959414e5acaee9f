/**
 * Replay's business rules: a completion document as it stood at an instant (processors in from their
 * completion time, the trigger from `_triggered_at`, unknown times present from the start), and which
 * alert-store changes are timeline events.
 */
import { describe, expect, it } from 'vitest';
import { applyResult, applyTime } from '../../src/alerts/lifecycle.js';
import type { CheckResult } from '../../src/checks/types.js';
import { parseCompletionDoc } from '../../src/pipeline/completion.js';
import { AsOfCompletionStore, docAsOf } from '../../src/replay/reconstruct.js';
import { eventOf } from '../../src/replay/timeline.js';
import { checkResult } from '../support/builders.js';
import { FakeClock, ny } from '../support/fixtures.js';

const doc = parseCompletionDoc('phase2_completion', '2026-02-08', {
  p2_odds_game_lines: { status: 'success', completed_at: ny('2026-02-09', '04:00') },
  p2_nbacom_boxscores: { status: 'success', completed_at: ny('2026-02-09', '04:30') },
  p2_legacy: { status: 'success' }, // no completion time
  _triggered: true,
  _triggered_at: ny('2026-02-09', '05:00'),
  _trigger_reason: 'all_complete',
});

describe('docAsOf', () => {
  it('before anything completed: only processors with unknown times, not triggered', () => {
    const d = docAsOf(doc, ny('2026-02-09', '03:00'));
    expect(Object.keys(d.processors)).toEqual(['p2_legacy']);
    expect(d.triggered).toBe(false);
    expect(d.triggeredAt).toBeUndefined();
  });

  it('a processor is in from its completion time, inclusive', () => {
    const d = docAsOf(doc, ny('2026-02-09', '04:30'));
    expect(Object.keys(d.processors).sort()).toEqual([
      'p2_legacy',
      'p2_nbacom_boxscores',
      'p2_odds_game_lines',
    ]);
    expect(d.triggered).toBe(false);
  });

  it('triggered from _triggered_at, with its reason', () => {
    const d = docAsOf(doc, ny('2026-02-09', '05:00'));
    expect(d).toMatchObject({ triggered: true, triggerReason: 'all_complete', exists: true });
  });

  it('a document with nothing in yet does not exist', () => {
    const early = parseCompletionDoc('phase2_completion', '2026-02-08', {
      p2_odds_game_lines: { completed_at: ny('2026-02-09', '04:00') },
    });
    expect(docAsOf(early, ny('2026-02-09', '03:00')).exists).toBe(false);
  });

  it('the store reads each document from its source once, then answers as of the clock', async () => {
    let reads = 0;
    const clock = new FakeClock(ny('2026-02-09', '04:10'));
    const store = new AsOfCompletionStore(
      {
        getMany: async (refs) => {
          reads += refs.length;
          return refs.map(() => doc);
        },
        ping: async () => {},
      },
      clock,
    );
    const ref = { collection: 'phase2_completion', date: '2026-02-08' };
    expect(Object.keys((await store.getMany([ref, ref]))[0]!.processors)).toHaveLength(2);
    clock.set(ny('2026-02-09', '06:00'));
    expect((await store.getMany([ref]))[0]!.triggered).toBe(true);
    expect(reads).toBe(1);
  });
});

describe('timeline events of alert changes', () => {
  const fail: CheckResult = checkResult({ date: '2026-02-08', summary: 'stuck' });
  const t0 = ny('2026-02-09', '04:58');
  const fired = applyResult(undefined, fail, t0)!;
  const posted = { ...fired, ts: '1.1', channel: 'C', outbox: [], lastNotifiedAt: t0 };

  it('a new firing alert is "fired"; delivering it is nothing', () => {
    expect(eventOf(undefined, fired, t0)).toMatchObject({ kind: 'fired', occurrence: 1, at: t0 });
    expect(eventOf(fired, posted, t0)).toBeUndefined();
  });

  it('a reminder after the repeat interval is "reminded"', () => {
    const later = new Date(t0.getTime() + 4 * 3_600_000);
    expect(eventOf(posted, applyTime(posted, later, 4 * 3_600_000)!, later)).toMatchObject({
      kind: 'reminded',
      firingMinutes: 240,
    });
  });

  it('a passing result is "resolved" because the check passes; firing again counts occurrences', () => {
    const at = ny('2026-02-11', '11:00');
    const resolved = applyResult(posted, { ...fail, status: 'ok' }, at)!;
    expect(eventOf(posted, resolved, at)).toMatchObject({
      kind: 'resolved',
      reason: 'passed',
      firingMinutes: 3242,
    });
    const again = applyResult({ ...resolved, outbox: [] }, fail, at)!;
    expect(eventOf(resolved, again, at)).toMatchObject({ kind: 'fired', occurrence: 2 });
  });
});
