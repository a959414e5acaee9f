/**
 * A seeded week of the pipeline as the orchestrator writes it, one write at a time: Phase 2 and Phase 3
 * completion documents for run days Feb 3–12 2026, with a day with no games, a slow processor (overdue),
 * a slow orchestrator (briefly stuck), an unexpected processor (drift) and the Feb 9–11 stuck transition
 * healed by hand. Tests apply the writes as a simulated clock passes them (the live bot) or all at once
 * (what replay reads later).
 */
import { addDays } from '../../src/pipeline/dates.js';
import { ny, P2 } from './fixtures.js';

export interface Write {
  at: Date;
  collection: string;
  date: string;
  fields: Record<string, unknown>;
}

const P3 = [
  'player_game_summary',
  'team_offense_game_summary',
  'team_defense_game_summary',
  'upcoming_player_game_context',
  'upcoming_team_game_context',
];
const MIN = 60_000;
export const WEEK_FROM = ny('2026-02-03', '00:00');
export const WEEK_TO = ny('2026-02-12', '00:00');
/** Runs are written from a week before the replayed period, so its first day has history (drift, window). */
const SEED_FROM = '2026-01-27';
export const NO_GAMES_DATE = '2026-02-06';
/** The hand heal of Feb 11 that ended the stuck run (Phase 2 game dates Feb 8–10). */
export const HEAL_AT = ny('2026-02-11', '11:00');

const done = (at: Date) => ({ status: 'success', completed_at: at, record_count: 100 });
const plus = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MIN);

function phase3(run: string, start: Date, lagMin: number): Write[] {
  const writes = P3.map((p, i) => ({
    at: plus(start, 30 + i * 3),
    collection: 'phase3_completion',
    date: run,
    fields: { [p]: done(plus(start, 30 + i * 3)) },
  }));
  const last = writes[writes.length - 1]!.at;
  const at = plus(last, lagMin);
  return [
    ...writes,
    { at, collection: 'phase3_completion', date: run, fields: { _triggered: true, _triggered_at: at } },
  ];
}

export function seededWeek(): Write[] {
  const out: Write[] = [];
  for (let run = SEED_FROM; run < '2026-02-12'; run = addDays(run, 1)) {
    const game = addDays(run, -1);
    if (game === NO_GAMES_DATE) continue;
    const stuck = game >= '2026-02-08' && game <= '2026-02-10';
    const names = game >= '2026-02-09' ? [...P2, 'p2_bdl_boxscores'] : P2;
    names.forEach((p, i) => {
      // Feb 5's box scores arrive after the 10:00 deadline: overdue, then triggered.
      const at =
        run === '2026-02-05' && p === 'p2_nbacom_boxscores'
          ? ny(run, '10:20')
          : plus(ny(run, '04:00'), i * 7);
      out.push({ at, collection: 'phase2_completion', date: game, fields: { [p]: done(at) } });
    });
    const last = run === '2026-02-05' ? ny(run, '10:20') : plus(ny(run, '04:00'), (names.length - 1) * 7);
    const trigger = stuck ? plus(HEAL_AT, (diffIndex(game) - 0) * 5) : plus(last, 5);
    out.push({
      at: trigger,
      collection: 'phase2_completion',
      date: game,
      fields: {
        _triggered: true,
        _triggered_at: trigger,
        _trigger_reason: stuck ? 'manual_heal' : 'all_complete',
      },
    });
    // A slow orchestrator on Feb 4: Phase 3 triggers 45 min after its last processor (stuck for 15 min).
    out.push(...phase3(run, trigger, run === '2026-02-04' ? 45 : 2));
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

function diffIndex(game: string): number {
  return Number(game.slice(-2)) - 8;
}
