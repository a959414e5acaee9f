import { describe, expect, it } from 'vitest';
import { HeldLeases } from '../../src/alerts/held-leases.js';
import { silentLogger } from '../../src/log.js';
import { systemClock } from '../../src/ports.js';
import { cronIntervalMs, scheduleJob } from '../../src/scheduler.js';
import { MemoryLeaseStore } from '../support/memory.js';

describe('scheduler', () => {
  it('wakes at next_due (not only on the cron tick) and folds overlapping triggers into one follow-up run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const job = scheduleJob({
      name: 't',
      cron: '0 0 1 1 *', // effectively never during the test
      timezone: 'America/New_York',
      clock: systemClock,
      log: silentLogger,
      run: async () => {
        runs++;
        if (runs === 1) await new Promise<void>((r) => (release = r));
        return undefined;
      },
    });
    try {
      const first = job.trigger();
      void job.trigger();
      void job.trigger(); // both arrive while the first run is in progress
      release();
      await first;
      expect(runs).toBe(2);

      job.wakeAt(new Date(Date.now() + 50));
      await new Promise((r) => setTimeout(r, 1300)); // wake-ups are floored at 1 s
      expect(runs).toBe(3);
    } finally {
      job.stop();
    }
  });

  it('knows the interval of a cron expression', () => {
    expect(cronIntervalMs('* * * * *', 'America/New_York')).toBe(60_000);
    expect(cronIntervalMs('*/15 * * * *', 'America/New_York')).toBe(15 * 60_000);
  });

  it('stop lets the run in progress finish, and runs nothing after it', async () => {
    let runs = 0;
    let finished = 0;
    let release: () => void = () => {};
    const job = scheduleJob({
      name: 't',
      cron: '0 0 1 1 *',
      timezone: 'America/New_York',
      clock: systemClock,
      log: silentLogger,
      run: async () => {
        runs++;
        await new Promise<void>((r) => (release = r));
        finished++;
        return undefined;
      },
    });
    void job.trigger();
    void job.trigger(); // queued as a follow-up run
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect({ runs, finished }).toEqual({ runs: 1, finished: 1 });
    await job.trigger();
    expect(runs).toBe(1);
  });
});

describe('held leases', () => {
  it('remembers what this process holds and releases it on shutdown, so another instance takes over at once', async () => {
    const store = new MemoryLeaseStore();
    const held = new HeldLeases(store);
    const now = new Date('2026-02-10T20:00:00Z');
    expect(await held.acquire('checks', 'me', 60_000, now)).toBe(true);
    expect(await held.acquire('digest', 'me', 60_000, now)).toBe(true);
    await held.release('digest', 'me');
    expect(await store.acquire('other', 'someone', 60_000, now)).toBe(true);
    expect(await held.acquire('other', 'me', 60_000, now)).toBe(false);
    expect(held.names()).toEqual(['checks']);
    expect(await store.acquire('checks', 'instance-2', 60_000, now)).toBe(false);
    expect(await held.releaseAll()).toEqual([]);
    expect(held.names()).toEqual([]);
    expect(await store.acquire('checks', 'instance-2', 60_000, now)).toBe(true);
  });
});
