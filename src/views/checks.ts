/** Check results as a report (CLI `check`, local mode's terminal). Pure. */
import type { KnownBlock } from '@slack/types';
import type { CheckResult, CheckStatus } from '../checks/types.js';
import { capBlocks, context, divider, esc, header, type Message, section } from './blocks.js';

/** Why these: green, yellow, red and ❌ as in every view; the terminal draws them as distinct shapes. */
export const STATUS_ICON: Record<CheckStatus, string> = {
  ok: ':large_green_circle:',
  warn: ':large_yellow_circle:',
  fail: ':red_circle:',
  error: ':x:',
};

export function resultLine(r: CheckResult): string {
  return `${STATUS_ICON[r.status]} *${r.check}* \`${esc(r.subject)}\` — ${esc(r.summary)}`;
}

export function checkReportView(results: CheckResult[], at: string): Message {
  const firing = results.filter((r) => r.status !== 'ok');
  const okCount = results.length - firing.length;
  const blocks: KnownBlock[] = [
    header(firing.length ? `${firing.length} finding${firing.length > 1 ? 's' : ''}` : 'All checks pass'),
  ];
  for (const r of firing) {
    blocks.push(section(resultLine(r)));
    if (r.facts.length)
      blocks.push(context(r.facts.map((f) => `*${esc(f.label)}:* ${esc(f.value)}`).join('  ·  ')));
  }
  blocks.push(divider(), context(`${okCount} ok · ${firing.length} not ok · ${at}`));
  const text = firing.length
    ? firing.map((r) => `[${r.status}] ${r.check} ${r.subject}: ${r.summary}`).join('\n')
    : `All ${results.length} checks pass`;
  return { text, blocks: capBlocks(blocks) };
}
