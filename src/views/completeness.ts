/**
 * `/pipeline completeness [days]` (SPEC §6) and the digest's grid: per target one square per day, oldest to
 * newest, the window's percentage, and the days under the threshold. Pure.
 */
import type { KnownBlock } from '@slack/types';
import { type DayState, percent, type TargetCompleteness } from '../warehouse/completeness.js';
import { capBlocks, context, esc, header, listWithMore, type Message, section } from './blocks.js';

/** Why Unicode squares: one character a day, drawn as-is in Slack and the terminal (no emoji code to map). */
export const SQUARE: Record<DayState, string> = {
  ok: '🟩',
  gap: '🟥',
  pending: '🟨',
  no_games: '⬜',
};

/** Why a legend: the colours alone do not say which is a gap and which is not due yet. */
const LEGEND = '🟩 at or above threshold · 🟥 below · 🟨 not due yet · ⬜ no games';
/** Why: a 90-day list of gaps would blow the section limit; the grid still shows every day. */
const MAX_LISTED_GAPS = 15;

/** Share of expected records present over the judged days; over-delivery on one day never hides a gap on another. */
export function windowRatio(t: TargetCompleteness): number | null {
  let expected = 0;
  let actual = 0;
  for (const d of t.days) {
    if (d.state !== 'ok' && d.state !== 'gap') continue;
    expected += d.expected;
    actual += Math.min(d.actual, d.expected);
  }
  return expected > 0 ? actual / expected : null;
}

export function gridRow(t: TargetCompleteness): string {
  return t.days.map((d) => SQUARE[d.state]).join('');
}

function gapLines(t: TargetCompleteness): string {
  // `match: keys` names the expected ids with no actual row.
  const missing = (ids?: string[]) => (ids?.length ? `, missing ${esc(ids.join(', '))}` : '');
  const items = t.gaps.map(
    (d) => `${d.date} ${percent(d.ratio)} (${d.actual}/${d.expected}${missing(d.missing)})`,
  );
  return listWithMore(items, MAX_LISTED_GAPS);
}

/** The grid as blocks, for the command and for the daily digest. */
export function completenessBlocks(targets: TargetCompleteness[]): KnownBlock[] {
  if (targets.length === 0) {
    return [section('No completeness targets are configured (`checks.completeness.targets`).')];
  }
  const blocks: KnownBlock[] = [];
  for (const t of targets) {
    const pct = Math.round(t.threshold * 100);
    const lines = [`*${esc(t.target)}* · ${percent(windowRatio(t))} · ${t.from} → ${t.to}`, gridRow(t)];
    lines.push(
      t.gaps.length
        ? `:warning: ${t.gaps.length} day${t.gaps.length > 1 ? 's' : ''} below ${pct}%: ${gapLines(t)}`
        : `Every judged game day at or above ${pct}%.`,
    );
    blocks.push(section(lines.join('\n')));
  }
  blocks.push(context(LEGEND));
  return blocks;
}

export function completenessView(targets: TargetCompleteness[], days: number): Message {
  const blocks = [
    header(`Completeness · last ${days} day${days > 1 ? 's' : ''}`),
    ...completenessBlocks(targets),
  ];
  const text = targets.length
    ? targets
        .map(
          (t) =>
            `${t.target}: ${percent(windowRatio(t))} over ${t.from}..${t.to}${t.gaps.length ? `; below ${Math.round(t.threshold * 100)}%: ${t.gaps.map((d) => `${d.date} ${percent(d.ratio)}`).join(', ')}` : ''}`,
        )
        .join('\n')
    : 'No completeness targets are configured.';
  return { text: text.slice(0, 3000), blocks: capBlocks(blocks) };
}
