/** "What breaks most often?": the most frequently failing checks of a period, for `history`. Pure. */
import type { KnownBlock } from '@slack/types';
import type { FailingCheckStat } from '../warehouse/ports.js';
import { context, esc, header, type Message, section, truncate } from './blocks.js';

export function failingChecksBlocks(stats: FailingCheckStat[], days: number): KnownBlock[] {
  if (stats.length === 0)
    return [
      section(`*Most frequent failing checks (${days} days)*\nNo check failed in the last ${days} days.`),
    ];
  const lines = stats.map(
    (s, i) =>
      `${i + 1}. *${esc(s.check)}* — failed on ${s.days} day${s.days === 1 ? '' : 's'} (${s.failures} result${s.failures === 1 ? '' : 's'}, ${s.subjects} subject${s.subjects === 1 ? '' : 's'}); latest \`${esc(s.lastSubject)}\`: ${esc(truncate(s.lastSummary, 160))}`,
  );
  return [
    section(`*Most frequent failing checks (${days} days)*\n${lines.join('\n')}`),
    context('From the check history (`validation_results`): every check run is recorded.'),
  ];
}

export function failingChecksText(stats: FailingCheckStat[], days: number): string {
  if (stats.length === 0) return `No check failed in the last ${days} days.`;
  return `Most frequent failing checks (${days} days): ${stats.map((s) => `${s.check} ${s.days}d/${s.failures}x`).join(', ')}`;
}

export function failingChecksView(stats: FailingCheckStat[], days: number): Message {
  return {
    text: failingChecksText(stats, days),
    blocks: [header('Check history'), ...failingChecksBlocks(stats, days)],
  };
}
