/**
 * The digest's pictures (issue 15): completeness per day and phase trigger time per day against its
 * deadline, rendered to PNG and attached in the digest's thread. Best effort: the digest text carries the
 * same facts, so a chart that cannot be drawn or uploaded is logged and noted in the thread, never fatal.
 */
import { type Chart, completenessChart, phaseTimesChart, processorP95Chart } from '../charts/charts.js';
import { attachCharts } from '../charts/deliver.js';
import type { ChartRenderer } from '../charts/ports.js';
import type { Deps } from '../deps.js';
import type { Chat, PostedMessage } from '../ports.js';
import { p95Rows, processorTrends } from '../trends/model.js';
import { phaseTimings } from '../trends/phases.js';
import { errText } from '../util/error-text.js';
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

/** After the digest is posted: its charts in its thread. Never throws; a failure is logged and noted. */
export async function attachDigestCharts(
  deps: Pick<Deps, 'config' | 'completions' | 'log' | 'processorRuns'> & {
    chat: Chat;
    charts: ChartRenderer;
  },
  model: DigestModel,
  posted: PostedMessage,
): Promise<void> {
  let error: string | undefined;
  try {
    const charts = await digestCharts(deps, model);
    error = await attachCharts(
      deps.chat,
      deps.charts,
      { channel: posted.channel, threadTs: posted.ts },
      charts,
    );
  } catch (err) {
    error = errText(err);
  }
  if (!error) return;
  deps.log.warn({ error, date: model.today }, 'digest charts could not be attached');
  await deps.chat
    .post({
      channel: posted.channel,
      threadTs: posted.ts,
      text: `:warning: The charts could not be attached (${error}); the digest above has the same numbers as text.`,
    })
    .catch((err) => deps.log.error({ err }, 'could not note the missing digest charts'));
}
