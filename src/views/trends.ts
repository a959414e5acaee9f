/** `/pipeline trends [days]`: processor durations and failure rates with their change, phase lags, failing checks. Pure. */
import type { KnownBlock } from '@slack/types';
import type { TrendsModel } from '../trends/build.js';
import { change, type ProcessorTrend, quantile } from '../trends/model.js';
import type { PhaseLag } from '../trends/phases.js';
import { capBlocks, context, esc, header, LIMITS, type Message, section, truncate } from './blocks.js';
import { failingChecksBlocks } from './failing-checks.js';

const min = (seconds: number | null) => (seconds === null ? '–' : `${(seconds / 60).toFixed(1)} min`);
const pct = (ratio: number | null) => (ratio === null ? '–' : `${Math.round(ratio * 100)}%`);
const signed = (ratio: number | null, unit = '%') =>
  ratio === null ? '' : ` (${ratio >= 0 ? '+' : ''}${Math.round(ratio * 100)}${unit})`;

export function processorLine(t: ProcessorTrend): string {
  const c = t.current;
  const rateChange =
    c.failureRate !== null && t.previous.failureRate !== null ? c.failureRate - t.previous.failureRate : null;
  return `• *${esc(t.processor)}* (${esc(t.phase)}) — p50 ${min(c.p50)} · p95 ${min(c.p95)}${signed(change(c.p95, t.previous.p95))} · failed ${c.failures}/${c.runs} (${pct(c.failureRate)}${rateChange === null ? '' : `, ${rateChange >= 0 ? '+' : ''}${Math.round(rateChange * 100)} pp`})`;
}

export function phaseLagLine(lag: PhaseLag): string {
  const known = lag.days
    .map((d) => d.lagMinutes)
    .filter((m): m is number => m !== null)
    .sort((a, b) => a - b);
  const missing = lag.days.length - known.length;
  const median = quantile(known, 0.5);
  const summary =
    median === null
      ? 'no day with all processors done and triggered'
      : `triggered a median ${Math.round(median)} min after its last processor (max ${Math.round(known.at(-1)!)} min)`;
  return `• *${esc(lag.transition)}*: ${summary}${missing ? `; not triggered or incomplete on ${missing} of ${lag.days.length} days` : ''}`;
}

/** Section text stays within Slack's limit; the rest is summarised, never cut mid-line. */
function lines(title: string, items: string[]): KnownBlock {
  let text = title;
  let shown = 0;
  for (const line of items) {
    if (text.length + line.length + 40 > LIMITS.sectionText) break;
    text += `\n${line}`;
    shown++;
  }
  if (shown < items.length) text += `\n…and ${items.length - shown} more`;
  return section(text);
}

export function trendsView(m: TrendsModel): Message {
  const blocks: KnownBlock[] = [header(`Trends, last ${m.days} days`)];
  const text: string[] = [`Trends, last ${m.days} days`];
  if (!m.processors)
    blocks.push(section('_Processor trends need the warehouse (BigQuery), which is not configured._'));
  else if (!m.processors.ok)
    blocks.push(
      section(`:warning: Processor runs could not be read: ${esc(truncate(m.processors.error, 300))}`),
    );
  else if (m.processors.value.length === 0)
    blocks.push(section(`No processor runs in the last ${2 * m.days} days.`));
  else {
    blocks.push(
      lines(`*Processors* (change vs the ${m.days} days before)`, m.processors.value.map(processorLine)),
    );
    text.push(`${m.processors.value.length} processors`);
  }
  if (m.phases.ok)
    blocks.push(
      lines('*Phase transitions* (all processors done → triggered)', m.phases.value.lags.map(phaseLagLine)),
    );
  else
    blocks.push(
      section(`:warning: Completion documents could not be read: ${esc(truncate(m.phases.error, 300))}`),
    );
  if (m.failing?.ok) blocks.push(...failingChecksBlocks(m.failing.value, m.days));
  else if (m.failing)
    blocks.push(
      section(`:warning: The check history could not be read: ${esc(truncate(m.failing.error, 300))}`),
    );
  blocks.push(
    context('Durations: triggered → completed of successful runs, from `processor_execution_log`.'),
  );
  return { text: text.join(' · '), blocks: capBlocks(blocks) };
}
