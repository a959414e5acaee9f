/**
 * `slow_processor` (SPEC §10, issue 15): a processor getting slower — the last day's p95 duration is more
 * than `factor` (2) times the median duration of the last `window_days` (7). A warning, one per processor
 * seen, so it resolves when the processor is fast again. Needs `min_runs` durations in the window.
 */
import { type ProcessorRunLog, type ProcessorTrend, processorTrends } from '../trends/model.js';
import type { Check, CheckResult } from './types.js';

export interface SlowProcessorSettings {
  window_days: number;
  factor: number;
  min_runs: number;
}

const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

export function slowProcessorResults(trends: ProcessorTrend[], s: SlowProcessorSettings): CheckResult[] {
  return trends
    .filter((t) => t.current.p50 !== null && t.lastDayP95 !== null)
    .map((t): CheckResult => {
      const median = t.current.p50!;
      const lastDay = t.lastDayP95!;
      const enough = t.current.runs >= s.min_runs;
      const slow = enough && lastDay > s.factor * median;
      const details = {
        processor: t.processor,
        phase: t.phase,
        last_day_p95_seconds: lastDay,
        window_median_seconds: median,
        window_days: s.window_days,
        factor: s.factor,
        window_runs: t.current.runs,
      };
      return {
        check: 'slow_processor',
        subject: t.processor,
        status: slow ? 'warn' : 'ok',
        summary: slow
          ? `${t.processor} is getting slower: its p95 over the last day is ${minutes(lastDay)}, more than ${s.factor}× its ${s.window_days}-day median of ${minutes(median)}`
          : `${t.processor}: last day p95 ${minutes(lastDay)}, ${s.window_days}-day median ${minutes(median)}`,
        details,
        facts: [
          { label: 'Processor', value: `${t.processor} (${t.phase})` },
          { label: 'p95, last day', value: `${minutes(lastDay)} over ${t.lastDayRuns} run(s)` },
          {
            label: `Median, ${s.window_days} days`,
            value: `${minutes(median)} over ${t.current.runs} run(s)`,
          },
        ],
      };
    });
}

export function slowProcessorCheck(log: ProcessorRunLog): Check {
  return {
    id: 'slow_processor',
    tier: 'warehouse',
    run: async (ctx) => {
      const s = ctx.config.checks.slow_processor;
      const from = new Date(ctx.now.getTime() - s.window_days * 86_400_000);
      const runs = await log.processorRuns(from, ctx.now);
      return slowProcessorResults(processorTrends(runs, ctx.now, s.window_days, ctx.config.timezone), s);
    },
  };
}
