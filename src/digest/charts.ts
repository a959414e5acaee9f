/**
 * The digest's pictures (issue 15): completeness per day and phase trigger time per day against its
 * deadline, and processor p95s. Drawn and attached in the digest's thread after it is posted
 * (daily-digest.ts); best effort, the digest text carries the same facts.
 */
import { type Chart, completenessChart, phaseTimesChart, processorP95Chart } from '../charts/charts.js';
import type { Deps } from '../deps.js';
import { p95Rows, processorTrends } from '../trends/model.js';
import { phaseTimings } from '../trends/phases.js';
import type { DigestModel } from './model.js';

/** Why 7: the processor chart compares the last week with the one before, as `/pipeline trends` does. */
const PROCESSOR_DAYS = 7;

export async function digestCharts(
  deps: Pick<Deps, 'config' | 'completions' | 'processorRuns'>,
  model: DigestModel,
): Promise<Chart[]> {
  const charts: Chart[] = [];
  if (model.completeness?.ok && model.completeness.value.length)
    charts.push(completenessChart(model.completeness.value, model.today));
  const { times } = await phaseTimings(deps.config, deps.completions, model.runDate, model.completenessDays);
  if (times.length) charts.push(phaseTimesChart(times, model.today));
  if (deps.processorRuns) {
    const from = new Date(model.now.getTime() - 2 * PROCESSOR_DAYS * 86_400_000);
    const trends = processorTrends(
      await deps.processorRuns.processorRuns(from, model.now),
      model.now,
      PROCESSOR_DAYS,
      model.tz,
    );
    if (trends.length) charts.push(processorP95Chart(p95Rows(trends), model.today, PROCESSOR_DAYS));
  }
  return charts;
}
