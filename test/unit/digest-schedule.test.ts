/**
 * The digest schedule on a simulated clock: 08:00 America/New_York across both DST changes, one
 * digest per day across two instances, catch-up after downtime, `only_on_issues`, retries.
 */
import { describe, expect, it } from 'vitest';
import { digestDayKey, runDailyDigest } from '../../src/daily-digest.js';
import { digestDueAt, nextDigestDue } from '../../src/digest/schedule.js';
import { addDays, localDate, localTime } from '../../src/pipeline/dates.js';
import { docData, world } from '../support/digest-world.js';
import { ny, P2, TZ } from '../support/fixtures.js';

const MIN = 60_000;
const CRON = '0 8 * * *';

describe('due time: 08:00 America/New_York across DST', () => {
  it.each([
    ['2026-03-07', '2026-03-07T13:00:00.000Z'], // EST, the day before spring-forward
    ['2026-03-08', '2026-03-08T12:00:00.000Z'], // spring-forward day (23 h): EDT by 08:00
    ['2026-03-09', '2026-03-09T12:00:00.000Z'],
    ['2026-10-31', '2026-10-31T12:00:00.000Z'], // EDT, the day before fall-back
    ['2026-11-01', '2026-11-01T13:00:00.000Z'], // fall-back day (25 h): EST by 08:00
    ['2026-11-02', '2026-11-02T13:00:00.000Z'],
  ])('%s → %s', (date, iso) => {
    expect(digestDueAt(date, CRON, TZ)?.toISOString()).toBe(iso);
  });

  it('a cron that skips days has no due time on them; the next due is found ahead', () => {
    expect(digestDueAt('2026-03-07', '0 8 * * 1-5', TZ)).toBeUndefined(); // a Saturday
    expect(nextDigestDue(ny('2026-03-06', '09:00'), '0 8 * * 1-5', TZ)?.toISOString()).toBe(
      '2026-03-09T12:00:00.000Z',
    );
  });

  it('a cron hour that happens twice on fall-back day is due at its first occurrence', () => {
    expect(digestDueAt('2026-11-01', '30 1 * * *', TZ)?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});

describe('the schedule on a simulated clock', () => {
  it.each([
    ['spring forward', '2026-03-06', '2026-03-10'],
    ['fall back', '2026-10-30', '2026-11-03'],
  ])('%s: one digest per local day, each at 08:00 local (5-minute ticks)', async (_name, first, last) => {
    const w = world(ny(first, '00:00'));
    w.healthy(addDays(first, -15), last);
    const deps = w.deps();
    const posts: Date[] = [];
    const end = ny(last, '23:55').getTime();
    for (let t = ny(first, '00:00').getTime(); t <= end; t += 5 * MIN) {
      w.clock.set(new Date(t));
      const r = await runDailyDigest(deps, 'cron');
      if (r.outcome === 'posted') posts.push(new Date(t));
      else expect(['not_due', 'already_posted']).toContain(r.outcome);
    }
    const days = [];
    for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
    expect(posts.map((p) => localDate(p, TZ))).toEqual(days);
    expect(posts.map((p) => localTime(p, TZ))).toEqual(days.map(() => '08:00'));
    expect(w.chat.roots()).toHaveLength(days.length);
    expect(w.chat.roots().every((c) => c.message.channel === 'C0DIGEST')).toBe(true);
  });

  it.each([
    ['spring forward', '2026-03-06'],
    ['fall back', '2026-10-30'],
  ])(
    "%s: woken only at each run's nextAt, it posts at exactly 08:00 local every day",
    async (_name, first) => {
      const w = world(ny(first, '09:30'));
      w.healthy(addDays(first, -15), addDays(first, 5));
      const deps = w.deps();
      const posted: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await runDailyDigest(deps, 'cron');
        if (r.outcome === 'posted')
          posted.push(`${localDate(w.clock.now(), TZ)} ${localTime(w.clock.now(), TZ)}`);
        w.clock.set(r.nextAt!);
      }
      // The first run at 09:30 is the catch-up for day 1; then each wake-up is exactly 08:00 local.
      expect(posted).toEqual([
        `${first} 09:30`,
        `${addDays(first, 1)} 08:00`,
        `${addDays(first, 2)} 08:00`,
        `${addDays(first, 3)} 08:00`,
        `${addDays(first, 4)} 08:00`,
        `${addDays(first, 5)} 08:00`,
      ]);
    },
  );
});

describe('exactly one digest per day', () => {
  const NOW = ny('2026-02-10', '08:00');

  it('two instances ticking together post once', async () => {
    const w = world(NOW);
    w.healthy('2026-01-25', '2026-02-10');
    const a = w.deps('instance-a');
    const b = w.deps('instance-b');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runDailyDigest(i % 2 ? a : b, i % 3 ? 'cron' : 'task')),
    );
    expect(results.filter((r) => r.outcome === 'posted')).toHaveLength(1);
    expect(results.every((r) => ['posted', 'already_posted', 'busy'].includes(r.outcome))).toBe(true);
    expect(w.chat.roots()).toHaveLength(1);
    // Later the same day, whichever instance runs: nothing more.
    w.clock.set(ny('2026-02-10', '16:00'));
    expect((await runDailyDigest(b, 'cron')).outcome).toBe('already_posted');
    expect((await runDailyDigest(a, 'task')).outcome).toBe('already_posted');
    expect(w.chat.roots()).toHaveLength(1);
  });

  it('catch-up: down at 08:00, back at 11:20 → posts then; a restart the same day does not post again', async () => {
    const w = world(ny('2026-02-10', '07:59'));
    w.healthy('2026-01-25', '2026-02-10');
    const early = await runDailyDigest(w.deps('old'), 'cron');
    expect(early.outcome).toBe('not_due');
    expect(early.nextAt?.toISOString()).toBe(ny('2026-02-10', '08:00').toISOString());
    expect(w.chat.roots()).toHaveLength(0);
    // The bot was down from 07:59 to 11:20.
    w.clock.set(ny('2026-02-10', '11:20'));
    const r = await runDailyDigest(w.deps('new-process'), 'cron');
    expect(r.outcome).toBe('posted');
    expect(r.nextAt?.toISOString()).toBe(ny('2026-02-11', '08:00').toISOString());
    w.clock.set(ny('2026-02-10', '15:00'));
    expect((await runDailyDigest(w.deps('restarted-again'), 'cron')).outcome).toBe('already_posted');
    expect(w.chat.roots()).toHaveLength(1);
  });

  it('a day that has passed is not posted late', async () => {
    const w = world(ny('2026-02-11', '00:30'));
    w.healthy('2026-01-25', '2026-02-10');
    // Down all of Feb 10; back after midnight: Feb 11's digest is not due yet and Feb 10's is gone.
    const r = await runDailyDigest(w.deps(), 'cron');
    expect(r).toMatchObject({ outcome: 'not_due', date: '2026-02-11' });
    expect(r.nextAt?.toISOString()).toBe(ny('2026-02-11', '08:00').toISOString());
    expect(w.chat.roots()).toHaveLength(0);
  });

  it('a failed post is retried (not recorded as done)', async () => {
    const w = world(NOW);
    w.healthy('2026-01-25', '2026-02-10');
    w.chat.failing = true;
    const r = await runDailyDigest(w.deps(), 'cron');
    expect(r.outcome).toBe('failed');
    expect(r.nextAt!.getTime() - NOW.getTime()).toBe(5 * MIN);
    expect(await w.leases.lastCompleted(digestDayKey('2026-02-10'))).toBeUndefined();
    w.chat.failing = false;
    w.clock.set(r.nextAt!);
    expect((await runDailyDigest(w.deps(), 'cron')).outcome).toBe('posted');
  });

  it('another instance holding the lease: busy, retry in a minute', async () => {
    const w = world(NOW);
    w.healthy('2026-01-25', '2026-02-10');
    await w.leases.acquire('digest', 'someone-else', 5 * MIN, NOW);
    const r = await runDailyDigest(w.deps(), 'cron');
    expect(r.outcome).toBe('busy');
    expect(r.nextAt!.getTime() - NOW.getTime()).toBe(MIN);
  });
});

describe('digest.only_on_issues', () => {
  it('posts nothing on an all-clear day (and not later that day), and posts on a day with an issue', async () => {
    const w = world(ny('2026-02-10', '08:00'), { onlyOnIssues: true });
    w.healthy('2026-01-25', '2026-02-11');
    const r = await runDailyDigest(w.deps(), 'cron');
    expect(r).toMatchObject({ outcome: 'no_issues', issues: [] });
    expect(w.chat.roots()).toHaveLength(0);
    w.clock.set(ny('2026-02-10', '12:00'));
    expect((await runDailyDigest(w.deps(), 'cron')).outcome).toBe('already_posted');

    // Feb 11: yesterday's Phase 2→3 (game date Feb 9) is stuck.
    w.completions.put('phase2_completion', '2026-02-09', docData(P2, ny('2026-02-10', '02:10'), false));
    w.clock.set(ny('2026-02-11', '08:00'));
    const r2 = await runDailyDigest(w.deps(), 'cron');
    expect(r2.outcome).toBe('posted');
    expect(r2.issues).toContain('Phase 2 → 3 2026-02-09 stuck');
    expect(w.chat.roots()).toHaveLength(1);
    expect(w.chat.roots()[0]!.message.text).toContain('Phase 2 → 3 2026-02-09 stuck');
  });

  it('the CLI --post (force) posts anyway and records the day', async () => {
    const w = world(ny('2026-02-10', '07:00'), { onlyOnIssues: true });
    w.healthy('2026-01-25', '2026-02-10');
    expect((await runDailyDigest(w.deps(), 'cli', { force: true })).outcome).toBe('posted');
    w.clock.set(ny('2026-02-10', '08:00'));
    expect((await runDailyDigest(w.deps(), 'cron')).outcome).toBe('already_posted');
    expect(w.chat.roots()).toHaveLength(1);
  });
});
