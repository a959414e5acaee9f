import { describe, expect, it } from 'vitest';
import { LocalCompletionStore, LocalSchedule } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { demoLayout, seedDemo } from '../../src/adapters/local/demo.js';
import { allChecks } from '../../src/checks/index.js';
import { earliestDue, exitCodeFor, runChecks } from '../../src/checks/runner.js';
import type { Check } from '../../src/checks/types.js';
import { addDays } from '../../src/pipeline/dates.js';
import { FakeClock, ny, P2, TZ, testConfig } from '../support/fixtures.js';

const config = testConfig();

function backend() {
  const db = openDb(':memory:');
  return { completions: new LocalCompletionStore(db), schedule: new LocalSchedule(db) };
}

describe('fast checks on the demo pipeline', () => {
  it('find the stuck, overdue and drift incidents and nothing else', async () => {
    const clock = new FakeClock(ny('2026-02-12', '13:00'));
    const b = backend();
    await seedDemo(config, b.completions, b.schedule, clock.now());
    const L = demoLayout(clock.now(), TZ);
    const results = await runChecks(allChecks(), { config, clock, ...b });
    const firing = results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.check}:${r.subject}`);
    expect(firing.sort()).toEqual(
      [
        `fail stuck:phase2_to_phase3:${L.stuckGameDate}`,
        `fail overdue:phase2_to_phase3:${L.overdueGameDate}`,
        `fail drift:phase3_to_phase4:${L.driftProcessor}`,
        `warn drift:phase2_to_phase3:${L.unexpectedProcessor}`,
      ].sort(),
    );
    const stuck = results.find((r) => r.check === 'stuck' && r.status === 'fail')!;
    expect(stuck.suggested_action).toEqual({
      kind: 'heal',
      transition: 'phase2_to_phase3',
      date: L.stuckGameDate,
      label: 'Trigger Phase 3',
    });
    expect(stuck.facts.find((f) => f.label === 'Processors')?.value).toBe('5/5');
    expect(exitCodeFor(results)).toBe(1);
  });

  it('no-games day is idle, never stuck or overdue', async () => {
    const clock = new FakeClock(ny('2026-02-12', '13:00'));
    const b = backend();
    const L = await seedDemo(config, b.completions, b.schedule, clock.now());
    // Move the clock so the no-games date falls inside the state window of Phase 2→3.
    clock.set(ny(addDays(L.noGames, 2), '13:00'));
    const results = await runChecks(allChecks(), { config, clock, ...b });
    const onNoGames = results.filter((r) => r.subject === `phase2_to_phase3:${L.noGames}`);
    expect(onNoGames.map((r) => `${r.check}=${r.status}`).sort()).toEqual(['overdue=ok', 'stuck=ok']);
    expect(onNoGames[0]?.details.state).toBe('idle');
  });

  it('a run within grace is not stuck and says when to look again (next_due)', async () => {
    const b = backend();
    const date = '2026-02-09';
    const data: Record<string, unknown> = {};
    P2.forEach((p, i) => {
      data[p] = {
        status: 'success',
        completed_at: new Date(ny('2026-02-10', '03:00').getTime() + i * 60_000),
      };
    });
    await b.completions.put('phase2_completion', date, data);
    const clock = new FakeClock(ny('2026-02-10', '03:20'));
    const results = await runChecks(allChecks(), { config, clock, ...b });
    const stuck = results.find((r) => r.check === 'stuck' && r.subject === `phase2_to_phase3:${date}`)!;
    expect(stuck.status).toBe('ok');
    expect(earliestDue(results, clock.now())?.toISOString()).toBe(
      new Date(ny('2026-02-10', '03:34').getTime()).toISOString(),
    );
    clock.set(ny('2026-02-10', '03:35'));
    const later = await runChecks(allChecks(), { config, clock, ...b });
    expect(later.find((r) => r.check === 'stuck' && r.subject === `phase2_to_phase3:${date}`)?.status).toBe(
      'fail',
    );
  });
});

describe('check runner', () => {
  it('a check that throws becomes a check_health error and the others still report', async () => {
    const b = backend();
    const boom: Check = {
      id: 'reconcile',
      tier: 'fast',
      run: () => {
        throw new Error('warehouse exploded');
      },
    };
    const clock = new FakeClock(ny('2026-02-12', '13:00'));
    const results = await runChecks([boom, ...allChecks()], { config, clock, ...b });
    const health = results.filter((r) => r.check === 'check_health');
    expect(health.find((r) => r.subject === 'reconcile')).toMatchObject({
      status: 'error',
      summary: expect.stringContaining('warehouse exploded'),
    });
    expect(
      health
        .filter((r) => r.status === 'ok')
        .map((r) => r.subject)
        .sort(),
    ).toEqual(['drift', 'overdue', 'stuck']);
    expect(results.some((r) => r.check === 'stuck')).toBe(true);
    expect(exitCodeFor(results)).toBe(2);
  });

  it('an unreachable completion store makes every fast check an error, not silence', async () => {
    const b = backend();
    const down = {
      getMany: async () => {
        throw new Error('UNAVAILABLE: connection refused');
      },
      ping: async () => {},
    };
    const clock = new FakeClock(ny('2026-02-12', '13:00'));
    const results = await runChecks(allChecks(), { config, clock, completions: down, schedule: b.schedule });
    expect(results.map((r) => `${r.check}:${r.subject}:${r.status}`).sort()).toEqual([
      'check_health:drift:error',
      'check_health:overdue:error',
      'check_health:stuck:error',
    ]);
  });

  it('reads all documents a run needs in one batched call', async () => {
    const b = backend();
    let calls = 0;
    const counting = {
      getMany: (refs: Parameters<typeof b.completions.getMany>[0]) => {
        calls++;
        return b.completions.getMany(refs);
      },
      ping: async () => {},
    };
    await runChecks(allChecks(), {
      config,
      clock: new FakeClock(ny('2026-02-12', '13:00')),
      completions: counting,
      schedule: b.schedule,
    });
    expect(calls).toBe(1);
  });
});
