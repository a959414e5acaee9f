import { describe, expect, it } from 'vitest';
import { LocalCompletionStore, LocalSchedule } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { DEMO_FAILURE_STREAK } from '../../src/adapters/local/demo-warehouse.js';
import { openLocalBackend } from '../../src/adapters/local/index.js';
import { LocalWarehouse } from '../../src/adapters/local/warehouse.js';
import { completenessCheck } from '../../src/checks/completeness.js';
import { cronMatcher } from '../../src/checks/cron-match.js';
import { allChecks } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/runner.js';
import { tieredRunner } from '../../src/checks/tiered.js';
import { silentLogger } from '../../src/log.js';
import { addDays, dateRange } from '../../src/pipeline/dates.js';
import { LIMITS } from '../../src/views/blocks.js';
import { completenessView, gridRow } from '../../src/views/completeness.js';
import { failingChecksView } from '../../src/views/failing-checks.js';
import { CachedWarehouse } from '../../src/warehouse/cached.js';
import { evaluateTarget } from '../../src/warehouse/completeness.js';
import type { CompletenessTarget, DayCount, Warehouse } from '../../src/warehouse/ports.js';
import { contractConfig, NOW, runCheck, TODAY } from '../contract/warehouse.contract.js';

const TZ = 'America/New_York';
const target: CompletenessTarget = contractConfig().checks.completeness.targets[0]!;

function countingWarehouse(): Warehouse & { calls: { from: string; to: string }[] } {
  const calls: { from: string; to: string }[] = [];
  const notUsed = async () => {
    throw new Error('not used');
  };
  return {
    calls,
    async dailyCounts(_t, from, to) {
      calls.push({ from, to });
      return [{ date: from, expected: 5, actual: 5 }];
    },
    failureStreaks: notUsed,
    phaseCompletions: notUsed,
    recordRun: notUsed,
    failingChecks: notUsed,
    ping: async () => {},
  };
}

describe('closed-day completeness cache', () => {
  it('queries the whole window once, then only the open days, one query per target', async () => {
    let now = new Date('2026-02-20T05:00:00Z');
    const inner = countingWarehouse();
    const cached = new CachedWarehouse(inner, { now: () => now }, TZ, { closedTtlMs: 2 * 86_400_000 });
    const out = await cached.dailyCounts(target, '2026-02-06', '2026-02-19', TZ);
    expect(out).toHaveLength(14);
    expect(inner.calls).toEqual([{ from: '2026-02-06', to: '2026-02-19' }]);
    now = new Date(now.getTime() + 15 * 60_000);
    await cached.dailyCounts(target, '2026-02-06', '2026-02-19', TZ);
    expect(inner.calls[1]).toEqual({ from: '2026-02-19', to: '2026-02-19' });
    // Next day: the day that just closed is read once more with yesterday, then kept.
    now = new Date('2026-02-21T05:00:00Z');
    await cached.dailyCounts(target, '2026-02-07', '2026-02-20', TZ);
    expect(inner.calls[2]).toEqual({ from: '2026-02-19', to: '2026-02-20' });
    now = new Date('2026-02-21T05:15:00Z');
    await cached.dailyCounts(target, '2026-02-07', '2026-02-20', TZ);
    expect(inner.calls[3]).toEqual({ from: '2026-02-20', to: '2026-02-20' });
    expect(cached.stats).toEqual({ queries: 4, daysScanned: 14 + 1 + 2 + 1 });
  });

  it('re-reads closed days after the TTL so a backfill is noticed', async () => {
    let now = new Date('2026-02-20T05:00:00Z');
    const inner = countingWarehouse();
    const cached = new CachedWarehouse(inner, { now: () => now }, TZ, { closedTtlMs: 3_600_000 });
    await cached.dailyCounts(target, '2026-02-06', '2026-02-19', TZ);
    now = new Date(now.getTime() + 2 * 3_600_000);
    await cached.dailyCounts(target, '2026-02-06', '2026-02-19', TZ);
    expect(inner.calls[1]).toEqual({ from: '2026-02-06', to: '2026-02-19' });
  });
});

describe('closed-day cache under replay (as-of reads)', () => {
  it('serves a period long past from the cache: each closed day read once, days after the as-of date never', async () => {
    const now = new Date('2026-12-02T05:00:00Z'); // the real clock, 10 months after the replayed days
    const inner = countingWarehouse();
    const cached = new CachedWarehouse(inner, { now: () => now }, TZ);
    const asOf = new Date('2026-02-10T17:00:00Z');
    const out = await cached.dailyCounts(target, '2026-02-01', '2026-02-14', TZ, asOf);
    expect(out.map((c) => c.date).at(-1)).toBe('2026-02-10');
    expect(inner.calls).toEqual([{ from: '2026-02-01', to: '2026-02-10' }]);
    await cached.dailyCounts(target, '2026-02-01', '2026-02-10', TZ, new Date('2026-02-10T17:15:00Z'));
    await cached.dailyCounts(target, '2026-02-02', '2026-02-11', TZ, new Date('2026-02-11T17:00:00Z'));
    expect(inner.calls).toEqual([
      { from: '2026-02-01', to: '2026-02-10' },
      { from: '2026-02-11', to: '2026-02-11' },
    ]);
    expect(await cached.dailyCounts(target, '2026-02-12', '2026-02-14', TZ, asOf)).toEqual([]);
  });
});

describe('completeness evaluation', () => {
  const window = { from: '2026-02-17', to: '2026-02-19' };
  const counts: DayCount[] = [
    { date: '2026-02-17', expected: 10, actual: 8 },
    { date: '2026-02-18', expected: 0, actual: 0 },
    { date: '2026-02-19', expected: 10, actual: 2 },
  ];
  it('leaves yesterday pending until its data is due (noon next day), then judges it', () => {
    const morning = evaluateTarget('t', counts, window, 0.8, new Date('2026-02-20T14:00:00Z'), TZ);
    expect(morning.days.map((d) => d.state)).toEqual(['ok', 'no_games', 'pending']);
    expect(morning.gaps).toEqual([]);
    const afternoon = evaluateTarget('t', counts, window, 0.8, new Date('2026-02-20T18:00:00Z'), TZ);
    expect(afternoon.gaps.map((d) => d.date)).toEqual(['2026-02-19']);
  });

  it('renders one square per day, oldest to newest, with percentages and the days below', () => {
    const t = evaluateTarget('boxscores', counts, window, 0.8, new Date('2026-02-20T18:00:00Z'), TZ);
    expect(gridRow(t)).toBe('🟩⬜🟥');
    const m = completenessView([t], 3);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('🟩⬜🟥');
    expect(text).toContain('2026-02-19 20% (2/10)');
    expect(text).toContain('50%'); // 10 of 20 expected records over the judged days
    expect(m.text).toContain('boxscores');
  });

  it('names the missing ids of a day below the threshold when the target matches keys', () => {
    const keyed = counts.map((c) => (c.date === '2026-02-19' ? { ...c, missing: ['G3', 'G4'] } : c));
    const t = evaluateTarget('boxscores', keyed, window, 0.8, new Date('2026-02-20T18:00:00Z'), TZ);
    expect(JSON.stringify(completenessView([t], 3).blocks)).toContain(
      '2026-02-19 20% (2/10, missing G3, G4)',
    );
  });

  it('stays within Slack limits for 90 days and many targets', () => {
    const many = Array.from({ length: 60 }, (_, i) => {
      const c = Array.from({ length: 90 }, (_, d) => ({
        date: addDays('2025-11-21', d),
        expected: 10,
        actual: d % 2 ? 1 : 10,
      }));
      return evaluateTarget(`target_${i}`, c, { from: '2025-11-21', to: '2026-02-18' }, 0.8, NOW, TZ);
    });
    const m = completenessView(many, 90);
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    for (const b of m.blocks)
      if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });
});

describe('the completeness check over stored counts', () => {
  type Days = Record<string, { expected: number; actual: number } | null>;
  /** A warehouse answering 10 of 10 records for every day asked for, except the given ones (null: no row). */
  const stored = (days: Days): Warehouse => ({
    ...countingWarehouse(),
    dailyCounts: async (_t, from, to) =>
      dateRange(from, to)
        .filter((date) => days[date] !== null)
        .map((date) => ({ date, ...(days[date] ?? { expected: 10, actual: 10 }) })),
  });
  const completeness = async (days: Days, config = contractConfig()) =>
    (await runCheck(stored(days), completenessCheck, config)).find((r) => r.check === 'completeness')!;

  it('fails at 79% and passes at exactly 80%', async () => {
    const day = addDays(TODAY, -3);
    expect((await completeness({ [day]: { expected: 100, actual: 80 } })).status).toBe('ok');
    const r = await completeness({ [day]: { expected: 100, actual: 79 } });
    expect(r.status).toBe('fail');
    expect(r.summary).toContain('79/100 = 79%');
  });

  it('does not count a day without scheduled games as a gap (counted 0, or no row at all)', async () => {
    const [zero, none] = [addDays(TODAY, -4), addDays(TODAY, -5)];
    const r = await completeness({ [zero]: { expected: 0, actual: 0 }, [none]: null });
    expect(r.status).toBe('ok');
    const days = r.details.days as { date: string; state: string }[];
    expect(days.filter((d) => d.date === zero || d.date === none).map((d) => d.state)).toEqual([
      'no_games',
      'no_games',
    ]);
  });

  it('honours lookback_days', async () => {
    const old = addDays(TODAY, -16);
    expect((await completeness({ [old]: { expected: 10, actual: 1 } })).status).toBe('ok');
    const wide = contractConfig();
    wide.checks.completeness.lookback_days = 16;
    const r = await completeness({ [old]: { expected: 10, actual: 1 } }, wide);
    expect(r.status).toBe('fail');
    expect(r.details.gaps).toEqual([old]);
  });
});

describe('cron matcher', () => {
  it('matches */15 in the pipeline time zone and finds fired minutes in an interval', () => {
    const m = cronMatcher('*/15 * * * *', TZ);
    expect(m.matches(new Date('2026-02-20T18:15:00Z'))).toBe(true);
    expect(m.matches(new Date('2026-02-20T18:16:00Z'))).toBe(false);
    expect(m.firedBetween(new Date('2026-02-20T18:15:10Z'), new Date('2026-02-20T18:16:00Z'))).toBe(false);
    expect(m.firedBetween(new Date('2026-02-20T18:14:59Z'), new Date('2026-02-20T18:15:00Z'))).toBe(true);
    const daily = cronMatcher('0 8 * * 1-5', TZ);
    expect(daily.matches(new Date('2026-02-20T13:00:00Z'))).toBe(true); // Friday 08:00 EST
    expect(daily.matches(new Date('2026-02-21T13:00:00Z'))).toBe(false); // Saturday
    expect(() => cronMatcher('61 * * * *', TZ)).toThrow();
  });
});

describe('tiered runner and check history', () => {
  it('runs warehouse checks on their cron, repeats their last results in between, and records each run', async () => {
    let now = new Date('2026-02-20T18:00:30Z');
    const db = openDb(':memory:');
    const inner = new LocalWarehouse(db);
    let recorded = 0;
    const warehouse: Warehouse = Object.assign(Object.create(inner), {
      dailyCounts: inner.dailyCounts.bind(inner),
      failureStreaks: inner.failureStreaks.bind(inner),
      phaseCompletions: inner.phaseCompletions.bind(inner),
      failingChecks: inner.failingChecks.bind(inner),
      ping: inner.ping.bind(inner),
      recordRun: async (...a: Parameters<Warehouse['recordRun']>) => {
        recorded++;
        return inner.recordRun(...a);
      },
    });
    let streakQueries = 0;
    const spy = warehouse.failureStreaks;
    warehouse.failureStreaks = async (s) => {
      streakQueries++;
      return spy(s);
    };
    const run = tieredRunner(
      allChecks(),
      {
        config: contractConfig(),
        clock: { now: () => now },
        completions: new LocalCompletionStore(db),
        schedule: new LocalSchedule(db),
        warehouse,
      },
      silentLogger,
    );
    const first = await run('cron');
    now = new Date('2026-02-20T18:01:30Z');
    const second = await run('cron');
    now = new Date('2026-02-20T18:15:01Z');
    await run('cron');
    expect(streakQueries).toBe(2);
    expect(recorded).toBe(3);
    const ids = (rs: typeof first) => new Set(rs.map((r) => `${r.check}:${r.subject}`));
    expect(ids(second)).toEqual(ids(first));
    expect(first.find((r) => r.check === 'check_health' && r.subject === 'history')?.status).toBe('ok');
    const rows = db.prepare('SELECT COUNT(*) AS n FROM wh_validation_runs').get() as { n: number };
    expect(rows.n).toBe(3);
  });

  it('a failing history write becomes a check_health error, and the checks still report', async () => {
    const db = openDb(':memory:');
    const inner = new LocalWarehouse(db);
    const warehouse = new Proxy(inner, {
      get: (t, p) =>
        p === 'recordRun'
          ? async () => Promise.reject(new Error('insertAll 503'))
          : (Reflect.get(t, p).bind?.(t) ?? Reflect.get(t, p)),
    });
    const run = tieredRunner(
      allChecks(),
      {
        config: contractConfig(),
        clock: { now: () => NOW },
        completions: new LocalCompletionStore(db),
        schedule: new LocalSchedule(db),
        warehouse,
      },
      silentLogger,
    );
    const results = await run('task');
    expect(results.find((r) => r.subject === 'history')).toMatchObject({
      check: 'check_health',
      status: 'error',
    });
    expect(results.some((r) => r.check === 'completeness')).toBe(true);
  });
});

describe('local demo', () => {
  it('the three warehouse checks find the demo incidents', async () => {
    const config = contractConfig();
    const local = await openLocalBackend(config, { now: () => NOW }, { memory: true });
    const results = await runChecks(allChecks(), {
      config,
      clock: { now: () => NOW },
      completions: local.completions,
      schedule: local.schedule,
      warehouse: local.warehouse,
    });
    const failing = results.filter((r) => r.status !== 'ok');
    expect(failing.find((r) => r.check === 'completeness')!.details.gaps).toEqual([addDays(TODAY, -10)]);
    expect(failing.find((r) => r.check === 'consecutive_failures')!.details.streak).toBe(DEMO_FAILURE_STREAK);
    expect(
      failing
        .filter((r) => r.check === 'reconcile')
        .map((r) => r.date)
        .sort(),
    ).toEqual([addDays(TODAY, -2), addDays(TODAY, -1)]);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
    const stats = failingChecksView([], 30);
    expect(stats.text).toContain('No check failed');
    local.close();
  });
});

describe('warehouse benchmark', () => {
  it('scans at least 10× fewer days than re-reading the window every run', async () => {
    const { runWarehouseBench } = await import('../../bench/warehouse.js');
    const r = await runWarehouseBench({ print: false });
    expect(r.naive).toEqual({ queries: 96, daysScanned: 96 * 14 });
    expect(r.cached.queries).toBe(96);
    expect(r.ratio).toBeGreaterThanOrEqual(10);
    expect(r.warmDay.ratio).toBeGreaterThanOrEqual(10);
  });
});
