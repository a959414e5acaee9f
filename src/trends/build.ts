/**
 * `/pipeline trends [days]` and `pipeline-bot trends`: processor trends from `processor_execution_log`
 * (one read of 2 × days), phase timings from the completion documents (one batched read), the most
 * frequent failing checks from the check history, and the charts of them. Each part fails on its own.
 */
import { type Chart, phaseTimesChart, processorP95Chart } from '../charts/charts.js';
import type { Deps } from '../deps.js';
import { addDays, localDate } from '../pipeline/dates.js';
import { type Part, part } from '../util/part.js';
import type { FailingCheckStat } from '../warehouse/ports.js';
import { type ProcessorTrend, p95Rows, processorTrends } from './model.js';
import { type PhaseTimings, phaseTimings } from './phases.js';

/** Why 7: a week holds every weekday's schedule once; the previous week is the comparison. */
export const DEFAULT_TREND_DAYS = 7;
/** Why 10: the failing checks worth a look fit on one screen. */
const FAILING_LIMIT = 10;

export interface TrendsModel {
  now: Date;
  tz: string;
  days: number;
  /** Absent without a processor run log (no warehouse). */
  processors?: Part<ProcessorTrend[]>;
  phases: Part<PhaseTimings>;
  failing?: Part<FailingCheckStat[]>;
}

export type TrendsDeps = Pick<Deps, 'config' | 'completions' | 'warehouse' | 'clock' | 'processorRuns'>;

export async function buildTrends(deps: TrendsDeps, days = DEFAULT_TREND_DAYS): Promise<TrendsModel> {
  const now = deps.clock.now();
  const tz = deps.config.timezone;
  const warehouse = deps.warehouse;
  const from = new Date(now.getTime() - 2 * days * 86_400_000);
  const log = deps.processorRuns;
  const [processors, phases, failing] = await Promise.all([
    log
      ? part('processor runs', async () => processorTrends(await log.processorRuns(from, now), now, days, tz))
      : undefined,
    part('completion documents', () =>
      phaseTimings(deps.config, deps.completions, addDays(localDate(now, tz), -1), days),
    ),
    warehouse
      ? part('check history', () =>
          warehouse.failingChecks(new Date(now.getTime() - days * 86_400_000), FAILING_LIMIT, tz),
        )
      : undefined,
  ]);
  return { now, tz, days, processors, phases, failing };
}

export function trendsCharts(model: TrendsModel): Chart[] {
  const asOf = localDate(model.now, model.tz);
  const charts: Chart[] = [];
  if (model.processors?.ok && model.processors.value.length) {
    charts.push(processorP95Chart(p95Rows(model.processors.value), asOf, model.days));
  }
  if (model.phases.ok && model.phases.value.times.length)
    charts.push(phaseTimesChart(model.phases.value.times, asOf));
  return charts;
}
