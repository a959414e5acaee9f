/** `history [days]`: recent heals (who, what, outcome, verified?), alerts, and what fails most. Pure. */
import type { KnownBlock } from '@slack/types';
import type { AlertRecord } from '../alerts/types.js';
import type { HealEvent } from '../heal/ports.js';
import { localDateTime } from '../pipeline/dates.js';
import { excerpt, mention } from '../util/mrkdwn.js';
import type { FailingCheckStat } from '../warehouse/ports.js';
import { alertTitle } from './alert.js';
import { capBlocks, esc, header, type Message, section } from './blocks.js';
import { failingChecksBlocks, failingChecksText } from './failing-checks.js';

/** Why 25: a screenful in Slack; the rest is counted as "…and N more". */
const MAX_LINES = 25;

/** Why one icon per heal status: an outcome reads at a glance down the list. */
const STATUS_ICON: Record<string, string> = {
  triggered: ':white_check_mark:',
  failed: ':x:',
  denied: ':no_entry:',
  refused: ':no_entry_sign:',
  duplicate: ':repeat:',
  requested: ':hourglass_flowing_sand:',
};

function lines(items: string[], empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, MAX_LINES);
  return `${shown.join('\n')}${items.length > MAX_LINES ? `\n…and ${items.length - MAX_LINES} more` : ''}`;
}

export interface HistoryModel {
  days: number;
  tz: string;
  heals: HealEvent[];
  alerts: AlertRecord[];
  failing?: { stats: FailingCheckStat[]; days: number };
}

export function historyView(m: HistoryModel): Message {
  const when = (d: Date) => localDateTime(d, m.tz);
  const healLines = m.heals.map((h) => {
    const verified = h.verified
      ? ` · next phase ${h.verified === 'started' ? 'started' : 'did *not* start'}`
      : '';
    const why = h.status !== 'triggered' && h.reason ? ` — ${esc(h.reason.slice(0, 140))}` : '';
    // The action that ran (or failed) and its reference: the message id, the HTTP status, the job.
    const ran = h.status === 'triggered' || h.status === 'failed';
    const via =
      ran && h.action
        ? ` via ${esc(h.action)}${h.action_ref ? ` \`${esc(excerpt(h.action_ref, 80))}\`` : ''}`
        : '';
    return `${STATUS_ICON[h.status] ?? '•'} ${when(h.requested_at)} \`${esc(excerpt(h.transition, 64))}\` ${esc(excerpt(h.game_date, 10))} by ${mention(h.requested_by)} (${esc(h.source)}): *${esc(h.status)}*${via}${verified}${why}`;
  });
  const alertLines = m.alerts.map((a) => {
    const state =
      a.state === 'resolved' && a.resolvedAt
        ? `resolved ${when(a.resolvedAt)}`
        : a.state === 'acknowledged'
          ? `acknowledged by ${mention(a.ackBy ?? '?')}`
          : a.state;
    return `• ${when(a.firstSeenAt)} *${esc(alertTitle(a))}* — ${state}${a.occurrences > 1 ? ` (fired ${a.occurrences}×)` : ''}`;
  });
  const blocks: KnownBlock[] = [
    header(`History · last ${m.days} day${m.days === 1 ? '' : 's'}`),
    section(`*Heals (${m.heals.length})*\n${lines(healLines, 'No heals.')}`),
    section(`*Alerts (${m.alerts.length})*\n${lines(alertLines, 'No alerts.')}`),
  ];
  if (m.failing) blocks.push(...failingChecksBlocks(m.failing.stats, m.failing.days));
  const text = [
    `History, last ${m.days} days: ${m.heals.length} heals, ${m.alerts.length} alerts.`,
    ...(m.failing ? [failingChecksText(m.failing.stats, m.failing.days)] : []),
  ].join(' ');
  return { text, blocks: capBlocks(blocks) };
}
