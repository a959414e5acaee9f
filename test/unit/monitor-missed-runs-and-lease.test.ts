import { describe, expect, it } from 'vitest';
import { Monitor } from '../../src/alerts/monitor.js';
import type { CheckResult } from '../../src/checks/types.js';
import { silentLogger } from '../../src/log.js';
import { missedRunsText } from '../../src/views/alert-notes.js';
import { FakeClock, ny } from '../support/fixtures.js';
import { MemoryLeaseStore } from '../support/memory.js';

const MIN = 60_000;

function monitor(clock: FakeClock, leases: MemoryLeaseStore, notices: string[], id = 'a') {
  let runs = 0;
  let recorded = 0;
  const m = new Monitor({
    clock,
    log: silentLogger,
    leases,
    instanceId: id,
    intervalMs: MIN,
    startedAt: clock.now(),
    notify: async (gap) => void notices.push(missedRunsText(gap, 'America/New_York')),
    run: async (_trigger, opts): Promise<CheckResult[]> => {
      runs++;
      if (opts?.record !== false) recorded++;
      return [];
    },
  });
  return { m, runs: () => runs, recorded: () => recorded };
}

describe('monitor', () => {
  it('says so in the channel when no run completed for three intervals, and /readyz fails meanwhile', async () => {
    const clock = new FakeClock(ny('2026-02-10', '04:00'));
    const leases = new MemoryLeaseStore();
    const notices: string[] = [];
    const { m } = monitor(clock, leases, notices);
    await m.tick('cron');
    clock.advance(MIN);
    await m.tick('cron');
    expect(notices).toHaveLength(0);
    await expect(m.probe().ping()).resolves.toBeUndefined();

    clock.advance(3 * MIN + 1000); // the bot was down
    await expect(m.probe().ping()).rejects.toThrow(/no check run completed since/);
    await m.tick('cron');
    expect(notices).toEqual([
      expect.stringContaining('No check run completed between 2026-02-10 04:01 and now'),
    ]);
    await expect(m.probe().ping()).resolves.toBeUndefined();
  });

  it('a tick runs once across instances: the lease holder processes, the other skips', async () => {
    const clock = new FakeClock(ny('2026-02-10', '04:00'));
    const leases = new MemoryLeaseStore();
    const a = monitor(clock, leases, [], 'a');
    const b = monitor(clock, leases, [], 'b');
    await leases.acquire('checks', 'a', 2 * MIN, clock.now()); // a is mid-run
    expect(await b.m.tick('cron')).toEqual([]);
    expect(b.runs()).toBe(0);
    // /tasks/checks still answers with results even without the lease.
    await b.m.tick('task');
    expect(b.runs()).toBe(1);
    expect(b.recorded()).toBe(0); // the holder records this tick's history, not b
    // A crashed holder's lease lapses.
    clock.advance(2 * MIN + 1);
    await b.m.tick('cron');
    expect(b.runs()).toBe(2);
    expect(a.runs()).toBe(0);
  });

  it('ticks of one process never overlap', async () => {
    const clock = new FakeClock(ny('2026-02-10', '04:00'));
    let running = 0;
    let maxConcurrent = 0;
    const m = new Monitor({
      clock,
      log: silentLogger,
      leases: new MemoryLeaseStore(),
      instanceId: 'x',
      intervalMs: MIN,
      startedAt: clock.now(),
      run: async () => {
        running++;
        maxConcurrent = Math.max(maxConcurrent, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return [];
      },
    });
    await Promise.all([m.tick('cron'), m.tick('task'), m.tick('cron')]);
    expect(maxConcurrent).toBe(1);
  });
});
