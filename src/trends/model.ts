/**
 * Trends (issue 15): per processor, p50/p95 duration and failure rate over the last `days` days with the
 * change against the `days` before, and the last day's p95 (for `slow_processor`). Pure over the runs of
 * `processor_execution_log`; the quantile rule lives here once, whatever the warehouse.
 */
import type { ProcessorDuration } from '../charts/charts.js';
import { localDate } from '../pipeline/dates.js';

/** Why 24 h in ms: the trend windows are `days` × 24 h back from now, not calendar days. */
const DAY = 86_400_000;

/** One row of `processor_execution_log`. */
export interface ProcessorRun {
  processor: string;
  phase: string;
  triggeredAt: Date;
  completedAt?: Date;
  /** success | failed | partial | skipped */
  status: string;
  /** The log's run id; the same run may be logged twice (started, then finished). */
  executionId?: string;
}

/** Reads `processor_execution_log` (BigQuery) or its local-mode copy: runs triggered in (from, to]. */
export interface ProcessorRunLog {
  processorRuns(from: Date, to: Date): Promise<ProcessorRun[]>;
}

export interface WindowStats {
  /** Runs that were not skipped. */
  runs: number;
  failures: number;
  /** failures / runs, null without runs. */
  failureRate: number | null;
  /** Duration quantiles in seconds over runs that finished (success or partial); null without any. */
  p50: number | null;
  p95: number | null;
}

export interface ProcessorTrend {
  processor: string;
  phase: string;
  current: WindowStats;
  previous: WindowStats;
  /** p95 over the processor's last day (the pipeline-local date of its latest run in the window), and how many durations it is made of. */
  lastDayP95: number | null;
  lastDayRuns: number;
}

/** Nearest-rank quantile of sorted values (the value at rank ⌈q·n⌉). */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

const durationSeconds = (r: ProcessorRun): number | undefined =>
  r.completedAt && (r.status === 'success' || r.status === 'partial')
    ? (r.completedAt.getTime() - r.triggeredAt.getTime()) / 1000
    : undefined;

function durations(runs: ProcessorRun[]): number[] {
  return runs
    .map(durationSeconds)
    .filter((d): d is number => d !== undefined && d >= 0)
    .sort((a, b) => a - b);
}

export function windowStats(runs: ProcessorRun[]): WindowStats {
  const counted = runs.filter((r) => r.status !== 'skipped');
  const failures = counted.filter((r) => r.status === 'failed').length;
  const sorted = durations(counted);
  return {
    runs: counted.length,
    failures,
    failureRate: counted.length ? failures / counted.length : null,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
  };
}

/** One row per run: of the rows sharing an execution id, the one that finished last (else the latest). */
export function distinctRuns(runs: ProcessorRun[]): ProcessorRun[] {
  const byId = new Map<string, ProcessorRun>();
  const rank = (r: ProcessorRun) => r.completedAt?.getTime() ?? r.triggeredAt.getTime() - 1e15;
  const unnamed: ProcessorRun[] = [];
  for (const r of runs) {
    if (!r.executionId) {
      unnamed.push(r);
      continue;
    }
    const key = `${r.processor}\u0000${r.executionId}`;
    const seen = byId.get(key);
    if (!seen || rank(r) >= rank(seen)) byId.set(key, r);
  }
  return [...unnamed, ...byId.values()];
}

/** Windows end at `now`: the last `days` × 24 h and the `days` × 24 h before; plus the processor's last day. */
export function processorTrends(runs: ProcessorRun[], now: Date, days: number, tz: string): ProcessorTrend[] {
  const end = now.getTime();
  const within = (r: ProcessorRun, from: number, to: number) =>
    r.triggeredAt.getTime() > from && r.triggeredAt.getTime() <= to;
  const byProcessor = new Map<string, ProcessorRun[]>();
  for (const r of distinctRuns(runs))
    byProcessor.set(r.processor, [...(byProcessor.get(r.processor) ?? []), r]);
  return [...byProcessor]
    .map(([processor, list]): ProcessorTrend => {
      const current = list.filter((r) => within(r, end - days * DAY, end));
      const latest = current.reduce<ProcessorRun | undefined>(
        (best, r) => (!best || r.triggeredAt > best.triggeredAt ? r : best),
        undefined,
      );
      const day = latest && localDate(latest.triggeredAt, tz);
      const lastDay = durations(current.filter((r) => localDate(r.triggeredAt, tz) === day));
      return {
        processor,
        phase: list[list.length - 1]!.phase,
        current: windowStats(current),
        previous: windowStats(list.filter((r) => within(r, end - 2 * days * DAY, end - days * DAY))),
        lastDayP95: quantile(lastDay, 0.95),
        lastDayRuns: lastDay.length,
      };
    })
    .filter((t) => t.current.runs + t.previous.runs > 0)
    .sort((a, b) => a.phase.localeCompare(b.phase) || a.processor.localeCompare(b.processor));
}

/** Relative change, e.g. +0.25 for 25 % more; null when either side is missing or the base is 0. */
export function change(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

/** The p95 chart's rows: this window against the previous one. */
export function p95Rows(trends: ProcessorTrend[]): ProcessorDuration[] {
  return trends.map((t) => ({
    processor: t.processor,
    p95Seconds: t.current.p95,
    previousP95Seconds: t.previous.p95,
  }));
}
