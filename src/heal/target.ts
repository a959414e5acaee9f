/**
 * Which run a heal request names: the transition (exact lookup, never a pattern built from input) and
 * the date (its current date by default; a positive offset may look past today).
 */
import { type Config, findTransition } from '../config.js';
import { resolveDate } from '../pipeline/date-input.js';
import { addDays, isIsoDate, localDate } from '../pipeline/dates.js';
import type { IsoDate, Transition } from '../pipeline/types.js';
import { quoteInput } from '../util/mrkdwn.js';
import type { HealRequest } from './types.js';

export type Target =
  | { ok: true; transition: Transition; date: IsoDate }
  /** `transition`/`date`: what the refusal is recorded under (the raw input when it names nothing). */
  | { ok: false; reason: string; transition: string; date: string };

export function resolveTarget(config: Config, req: HealRequest, now: Date): Target {
  const raw = String(req.transition ?? '').slice(0, 64);
  const t = findTransition(config, raw);
  if (!t) {
    const known = config.transitions.filter((x) => x.heal).map((x) => x.id);
    return {
      ok: false,
      reason: `Unknown heal target "${quoteInput(raw)}". Use one of: ${known.join(', ') || '(none configured)'} or the phase it starts (e.g. phase3).`,
      transition: raw || '(none)',
      date: typeof req.date === 'string' ? req.date.slice(0, 10) : '',
    };
  }
  const today = localDate(now, config.timezone);
  const current = addDays(today, t.date_offset_days);
  if (req.date === undefined || req.date === '') return { ok: true, transition: t, date: current };
  const rawDate = String(req.date).slice(0, 32);
  // A transition with a positive offset works on a date after today: allow up to its current date.
  const d =
    isIsoDate(rawDate) && rawDate > today && rawDate <= current
      ? { ok: true as const, date: rawDate }
      : resolveDate(rawDate, now, config.timezone);
  if (!d.ok)
    return { ok: false, reason: `Refused: ${d.message}`, transition: t.id, date: rawDate.slice(0, 10) };
  return { ok: true, transition: t, date: d.date };
}
