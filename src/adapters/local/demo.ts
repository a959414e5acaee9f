/**
 * The demo pipeline seeded into a fresh local store: 14 days of realistic completions that contain each
 * kind of incident, positioned relative to "now" so it looks live whenever it is started:
 * - a stuck Phase 2→3 for yesterday (all 5 processors in, never triggered: the Feb 9 incident);
 * - `upcoming_team_game_context` is disabled: last seen five days ago, missing from the last four Phase 3
 *   runs, which triggered without it at the deadline (drift; the simulated heal job keeps it silent too);
 * - Phase 2→3 three days ago overdue (deadline passed, `p2_odds_player_props` missing);
 * - an unexpected processor reporting to Phase 2 (config drift the other way);
 * - a no-games day (idle, never stuck); every other day healthy.
 */
import type { Config } from '../../config.js';
import { addDays, localDate, localInstant } from '../../pipeline/dates.js';
import type { IsoDate } from '../../pipeline/types.js';

/** Where the demo writes: the local store, or (in tests) Firestore. */
export interface DemoSink {
  put(collection: string, date: IsoDate, data: Record<string, unknown>): Promise<void>;
}
export interface DemoSchedule {
  setGames(date: IsoDate, games: number): void;
}

/** Why 14: the default completeness lookback (14 days), so the demo fills the grid and the digest. */
export const DEMO_DAYS = 14;

/** Small deterministic hash so the demo's numbers are stable for a given date. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface DemoLayout {
  today: IsoDate;
  noGames: IsoDate;
  stuckGameDate: IsoDate;
  overdueGameDate: IsoDate;
  driftSince: IsoDate;
  driftProcessor: string;
  overdueMissing: string;
  unexpectedProcessor: string;
}

export function demoLayout(now: Date, tz: string): DemoLayout {
  const today = localDate(now, tz);
  return {
    today,
    noGames: addDays(today, -6),
    stuckGameDate: addDays(today, -1),
    overdueGameDate: addDays(today, -3),
    driftSince: addDays(today, -4),
    driftProcessor: 'upcoming_team_game_context',
    overdueMissing: 'p2_odds_player_props',
    unexpectedProcessor: 'p2_bettingpros_player_props',
  };
}

export async function seedDemo(
  config: Config,
  store: DemoSink,
  schedule: DemoSchedule,
  now: Date,
): Promise<DemoLayout> {
  const tz = config.timezone;
  const L = demoLayout(now, tz);
  for (let i = -20; i <= 2; i++) {
    const d = addDays(L.today, i);
    schedule.setGames(d, d === L.noGames ? 0 : 4 + (hash(d) % 9));
  }
  const at = (date: IsoDate, hhmm: string, plusMinutes = 0) =>
    new Date(localInstant(date, hhmm, tz).getTime() + plusMinutes * 60_000);

  for (const t of config.transitions) {
    if (t.id !== 'phase2_to_phase3' && t.id !== 'phase3_to_phase4') continue;
    const isP2 = t.id === 'phase2_to_phase3';
    const current = addDays(L.today, t.date_offset_days);
    for (let i = DEMO_DAYS - 1; i >= 0; i--) {
      const date = addDays(current, -i);
      // Phase 2 for a game date runs the morning after; Phase 3 runs the same day.
      const run = addDays(date, -t.date_offset_days);
      const gameDate = isP2 ? date : addDays(date, -1);
      if (gameDate === L.noGames && isP2) continue;
      if (date === L.noGames && !isP2) continue;
      if (!isP2 && date === L.today) continue; // today's Phase 3 waits on the stuck Phase 2
      let processors = [...t.expected_processors];
      if (isP2 && date === L.overdueGameDate) processors = processors.filter((p) => p !== L.overdueMissing);
      if (!isP2 && date >= L.driftSince) processors = processors.filter((p) => p !== L.driftProcessor);
      if (isP2 && date >= addDays(L.today, -2)) processors.push(L.unexpectedProcessor);

      const doc: Record<string, unknown> = {};
      let last = new Date(0);
      processors.forEach((p, k) => {
        let completed = at(run, isP2 ? '02:10' : '05:05', k * 17 + (hash(p + date) % 13));
        if (isP2 && date === L.stuckGameDate) {
          // Finished two to three hours ago, so the 30-minute grace has long passed whenever the demo starts.
          completed = new Date(now.getTime() - (180 - k * 12) * 60_000);
        }
        if (completed > last) last = completed;
        doc[p] = {
          status: 'success',
          completed_at: completed,
          record_count: 200 + (hash(`${p}${date}`) % 2400),
          execution_id: `exec-${hash(p + date).toString(16)}`,
        };
      });
      const stuck = isP2 && date === L.stuckGameDate;
      const overdue = isP2 && date === L.overdueGameDate;
      const drifted = !isP2 && date >= L.driftSince;
      if (stuck || overdue) {
        doc._triggered = false;
      } else {
        doc._triggered = true;
        doc._triggered_at = drifted ? at(run, '11:00') : new Date(last.getTime() + 4 * 60_000);
        doc._trigger_reason = drifted ? 'deadline_exceeded' : 'all_complete';
      }
      await store.put(t.collection, date, doc);
    }
  }
  return L;
}
