/**
 * The digest's pictures (issue 15): completeness per day and phase trigger time per day against its
 * deadline, rendered to PNG and attached in the digest's thread. Best effort: the digest text carries the
 * same facts, so a chart that cannot be drawn or uploaded is logged and noted in the thread, never fatal.
 */
import { type Chart, completenessChart, type PhaseTimes, phaseTimesChart } from '../charts/charts.js';
import type { ChartRenderer } from '../charts/ports.js';
import type { Config } from '../config.js';
import type { Deps } from '../deps.js';
import { addDays, localInstant } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Chat, CompletionStore, PostedMessage } from '../ports.js';
import type { DigestModel } from './model.js';

/** One batched read of the completion documents behind the phase-times chart. */
export async function phaseTimes(
  config: Config,
  completions: CompletionStore,
  lastDay: IsoDate,
  days: number,
): Promise<PhaseTimes[]> {
  const runDays = Array.from({ length: days }, (_, i) => addDays(lastDay, i - days + 1));
  const refs = config.transitions.flatMap((t) =>
    runDays.map((day) => ({ collection: t.collection, date: addDays(day, t.date_offset_days) })),
  );
  const docs = await completions.getMany(refs);
  const byKey = new Map(docs.map((d) => [`${d.collection}/${d.date}`, d]));
  return config.transitions.map((t) => ({
    transition: t.id,
    deadline: t.deadline,
    days: runDays.map((day) => {
      const doc = byKey.get(`${t.collection}/${addDays(day, t.date_offset_days)}`);
      const at = doc?.triggered ? doc.triggeredAt : undefined;
      const midnight = localInstant(day, '00:00', config.timezone);
      return { date: day, minutes: at ? (at.getTime() - midnight.getTime()) / 60_000 : null };
    }),
  }));
}

export async function digestCharts(
  deps: Pick<Deps, 'config' | 'completions'>,
  model: DigestModel,
): Promise<Chart[]> {
  const charts: Chart[] = [];
  if (model.completeness?.ok && model.completeness.value.length)
    charts.push(completenessChart(model.completeness.value, model.today));
  const phases = await phaseTimes(deps.config, deps.completions, model.runDate, model.completenessDays);
  if (phases.length) charts.push(phaseTimesChart(phases, model.today));
  return charts;
}

/** Renders and uploads each chart into `thread`; returns the error text of the first failure, if any. */
export async function attachCharts(
  chat: Chat,
  renderer: ChartRenderer,
  thread: PostedMessage,
  charts: Chart[],
): Promise<string | undefined> {
  if (!chat.upload) return undefined;
  for (const chart of charts) {
    try {
      const data = await renderer.png(chart);
      await chat.upload({
        channel: thread.channel,
        threadTs: thread.ts,
        filename: chart.filename,
        title: chart.title,
        altText: chart.altText,
        data,
      });
    } catch (err) {
      return `${chart.title}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return undefined;
}

/** After the digest is posted: its charts in its thread. Never throws; a failure is logged and noted. */
export async function attachDigestCharts(
  deps: Pick<Deps, 'config' | 'completions' | 'log'> & { chat: Chat; charts: ChartRenderer },
  model: DigestModel,
  posted: PostedMessage,
): Promise<void> {
  let error: string | undefined;
  try {
    error = await attachCharts(deps.chat, deps.charts, posted, await digestCharts(deps, model));
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
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
