/**
 * The digest's pictures (issue 15): completeness per day and phase trigger time per day against its
 * deadline, and processor p95s. Drawn and attached in the digest's thread after it is posted
 * (daily-digest.ts); best effort, the digest text carries the same facts.
 */
import { type Chart, completenessChart, phaseTimesChart, processorP95Chart } from '../charts/charts.js';
import type { Deps } from '../deps.js';
import { p95Rows, processorTrends } from '../trends/model.js';
import { phaseTimings } from '../trends/phases.js';
import { part } from '../util/part.js';
import type { DigestModel } from './model.js';

/** Why 7: the processor chart compares the last week with the one before, as `/pipeline trends` does. */
const PROCESSOR_DAYS = 7;

/** Each chart whose data could be read; one that could not is left out (and named in the log by the caller). */
export async function digestCharts(
  deps: Pick<Deps, 'config' | 'completions' | 'processorRuns'>,
  model: DigestModel,
): Promise<{ charts: Chart[]; missing: string[] }> {
  const charts: Chart[] = [];
  const missing: string[] = [];
  if (model.completeness?.ok && model.completeness.value.length)
    charts.push(completenessChart(model.completeness.value, model.today));
  const phases = await part('phase trigger times', () =>
    phaseTimings(deps.config, deps.completions, model.runDate, model.completenessDays),
  );
  if (!phases.ok) missing.push(`phase trigger times: ${phases.error}`);
  else if (phases.value.times.length) charts.push(phaseTimesChart(phases.value.times, model.today));
  const source = deps.processorRuns;
  if (source) {
    const from = new Date(model.now.getTime() - 2 * PROCESSOR_DAYS * 86_400_000);
    const runs = await part('processor runs', () => source.processorRuns(from, model.now));
    if (!runs.ok) missing.push(`processor p95: ${runs.error}`);
    else {
      const trends = processorTrends(runs.value, model.now, PROCESSOR_DAYS, model.tz);
      if (trends.length) charts.push(processorP95Chart(p95Rows(trends), model.today, PROCESSOR_DAYS));
    }
  }
  return { charts, missing };
}
