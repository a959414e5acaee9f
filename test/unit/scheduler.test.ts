import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { systemClock } from '../../src/ports.js';
import { cronIntervalMs, scheduleJob } from '../../src/scheduler.js';

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
});
