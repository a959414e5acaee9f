/**
 * Detection latency over randomized scenarios on a simulated clock, through the real check runner and the
 * scheduler's wake-up logic (`earliestDue`): processors arrive at random times; the orchestrator triggers on
 * time, late within grace, or never; slow-but-healthy runs; no-games days. Compared, in the same run, with
 * the old design: a canary every 15 minutes that flags "all in, not triggered for 30 minutes".
 */
import { allChecks } from '../src/checks/index.js';
import { earliestDue, runChecks } from '../src/checks/runner.js';
import { loadConfig } from '../src/config.js';
import { parseCompletionDoc } from '../src/pipeline/completion.js';
import { addDays, localInstant } from '../src/pipeline/dates.js';
import type { CompletionStore, ScheduleSource } from '../src/ports.js';

type Kind = 'on_time' | 'late_within_grace' | 'never' | 'slow_healthy' | 'no_games';
const MIN = 60_000;

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  kind: Kind;
  arrivals: number[]; // ms epoch per expected processor
  triggerAt?: number;
  last: number;
}

const pct = (xs: number[], p: number) => {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(0)} s`);

export async function runDetectionBench(n = 1000): Promise<Record<string, number>> {
  const config = loadConfig({ LOG_LEVEL: 'silent' }, { fileExists: () => false });
  config.transitions = config.transitions
    .filter((t) => t.id === 'phase2_to_phase3')
    .map((t) => ({ ...t, deadline: undefined }));
  const t = config.transitions[0]!;
  const grace = t.grace_minutes * MIN;
  const rand = rng(42);
  const gameDate = '2026-02-09';
  const runDay = addDays(gameDate, 1);
  const base = localInstant(runDay, '01:00', config.timezone).getTime();

  const scenarios: Scenario[] = [];
  const kinds: Kind[] = ['on_time', 'late_within_grace', 'never', 'slow_healthy', 'no_games'];
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    const spread = (kind === 'slow_healthy' ? 240 : 60) * MIN;
    const arrivals = t.expected_processors.map(() => base + Math.floor(rand() * spread));
    const last = Math.max(...arrivals);
    const triggerAt =
      kind === 'on_time' || kind === 'no_games'
        ? last + Math.floor(rand() * 5 * MIN)
        : kind === 'late_within_grace' || kind === 'slow_healthy'
          ? last + Math.floor((10 + rand() * 19.5) * MIN)
          : undefined;
    scenarios.push({ kind, arrivals, triggerAt, last });
  }

  let sc: Scenario = scenarios[0]!;
  let now = 0;
  const completions: CompletionStore = {
    getMany: async (refs) =>
      refs.map((r) => {
        if (r.date !== gameDate || sc.kind === 'no_games')
          return parseCompletionDoc(r.collection, r.date, undefined);
        const data: Record<string, unknown> = {};
        t.expected_processors.forEach((p, k) => {
          if (sc.arrivals[k]! <= now)
            data[p] = { status: 'success', completed_at: new Date(sc.arrivals[k]!) };
        });
        if (sc.triggerAt !== undefined && sc.triggerAt <= now) data._triggered = true;
        return parseCompletionDoc(r.collection, r.date, Object.keys(data).length ? data : undefined);
      }),
    ping: async () => {},
  };
  const schedule: ScheduleSource = {
    gamesOn: async (dates) =>
      new Map(dates.map((d) => [d, sc.kind === 'no_games' && d === gameDate ? 0 : 5])),
  };
  const clock = { now: () => new Date(now) };
  const checks = allChecks().filter((c) => c.id === 'stuck');

  const newLatency: number[] = []; // alert time − moment it became stuck (last + grace)
  const oldLatency: number[] = [];
  let newFalse = 0;
  let oldFalse = 0;
  let newMissed = 0;
  let evaluations = 0;
  const started = performance.now();
  for (const s of scenarios) {
    sc = s;
    const end = s.last + grace + 3 * 60 * MIN;
    // New design: cron every minute, plus a wake-up exactly at the earliest next_due.
    let wake: number | undefined;
    let alertAt: number | undefined;
    let nextTick = Math.ceil((base - 10 * MIN) / MIN) * MIN;
    while (nextTick <= end && alertAt === undefined) {
      now = wake !== undefined && wake < nextTick ? wake : nextTick;
      if (now === nextTick) nextTick += MIN;
      if (now === wake) wake = undefined;
      evaluations++;
      const results = await runChecks(checks, { config, clock, completions, schedule });
      if (results.some((r) => r.check === 'stuck' && r.subject.endsWith(gameDate) && r.status === 'fail'))
        alertAt = now;
      const due = earliestDue(results, clock.now());
      if (due && (wake === undefined || due.getTime() < wake)) wake = due.getTime();
    }
    // Old design: a canary every 15 minutes; all in, not triggered, last completion ≥ 30 minutes ago.
    let oldAt: number | undefined;
    for (let c = Math.ceil(base / (15 * MIN)) * 15 * MIN; c <= end; c += 15 * MIN) {
      const triggered = s.triggerAt !== undefined && s.triggerAt <= c;
      const allIn = s.kind !== 'no_games' && s.arrivals.every((a) => a <= c);
      if (allIn && !triggered && c - s.last >= 30 * MIN) {
        oldAt = c;
        break;
      }
    }
    if (s.kind === 'never') {
      if (alertAt === undefined) newMissed++;
      else newLatency.push(alertAt - (s.last + grace));
      if (oldAt !== undefined) oldLatency.push(oldAt - (s.last + grace));
    } else {
      if (alertAt !== undefined) newFalse++;
      if (oldAt !== undefined) oldFalse++;
    }
  }
  const wall = performance.now() - started;
  const stuckCount = scenarios.filter((s) => s.kind === 'never').length;
  console.log(
    `\n## Detection latency: ${n} scenarios (${stuckCount} stuck), simulated clock, real check runner`,
  );
  console.log('  latency = alert time − moment the run became stuck (last completion + 30 min grace)');
  console.log(
    `  new (every minute + next_due wake-up): p50 ${fmt(pct(newLatency, 50))}  p95 ${fmt(pct(newLatency, 95))}  max ${fmt(Math.max(...newLatency))}  false positives ${newFalse}/${n - stuckCount}  missed ${newMissed}`,
  );
  console.log(
    `  old (15-min canary, 30-min delay)    : p50 ${fmt(pct(oldLatency, 50))}  p95 ${fmt(pct(oldLatency, 95))}  max ${fmt(Math.max(...oldLatency))}  false positives ${oldFalse}/${n - stuckCount}`,
  );
  console.log(
    `  max detection from last completion: new ${fmt(grace + Math.max(...newLatency))} (target ≤ grace + 60 s = ${fmt(grace + MIN)}), old ${fmt(grace + Math.max(...oldLatency))}`,
  );
  console.log(`  ${evaluations} check evaluations in ${(wall / 1000).toFixed(1)} s`);
  return {
    newP50: pct(newLatency, 50),
    newP95: pct(newLatency, 95),
    newMax: Math.max(...newLatency),
    oldP50: pct(oldLatency, 50),
    oldP95: pct(oldLatency, 95),
    oldMax: Math.max(...oldLatency),
    newFalse,
    oldFalse,
  };
}
