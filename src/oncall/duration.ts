/**
 * Durations typed by people and written in config: `30m`, `2h`, `1d`, `1h30m`; for silences also
 * `until 08:00` (the next 08:00 in the pipeline time zone). Errors say what is wrong and what works. Pure.
 */
import { addDays, localDate, localInstant } from '../pipeline/dates.js';
import { quoteInput } from '../util/mrkdwn.js';

/** Why 30 days: a silence longer than a month hides a problem; change the check or the route instead. */
export const MAX_SILENCE_MS = 30 * 86_400_000;

/** Why these units: minutes to weeks cover every silence and window people ask for. */
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** Why a fixed shape: one to three `<number><unit>` parts, nothing else (no sign, no decimals). */
const DURATION = /^(\d{1,4}[mhdw]){1,3}$/;
/** Why global: reads each `<number><unit>` part of a duration already checked by DURATION. */
const PART = /(\d{1,4})([mhdw])/g;

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

export function parseDuration(text: string): DurationResult {
  const s = text.trim().toLowerCase();
  if (s.startsWith('-'))
    return { ok: false, message: `"${quoteInput(text)}" is negative; a duration is positive, e.g. \`2h\`.` };
  if (!DURATION.test(s)) {
    return {
      ok: false,
      message: `"${quoteInput(text)}" is not a duration: use e.g. \`30m\`, \`2h\`, \`1d\`, \`1h30m\`.`,
    };
  }
  let ms = 0;
  for (const [, n, unit] of s.matchAll(PART)) ms += Number(n) * UNIT_MS[unit!]!;
  if (ms <= 0)
    return { ok: false, message: `"${quoteInput(text)}" is zero; a duration is positive, e.g. \`2h\`.` };
  return { ok: true, ms };
}

export type EndResult = { ok: true; endsAt: Date; words: number } | { ok: false; message: string };

/** How long a silence lasts, from the words after its matchers: `2h` (1 word) or `until 08:00` (2 words). */
export function parseSilenceEnd(words: string[], now: Date, tz: string, maxMs = MAX_SILENCE_MS): EndResult {
  const [first, second] = words;
  if (!first) return { ok: false, message: 'say for how long, e.g. `2h`, `1d` or `until 08:00`.' };
  let endsAt: Date;
  let used = 1;
  if (first.toLowerCase() === 'until') {
    if (!second || !/^([01]?\d|2[0-3]):[0-5]\d$/.test(second)) {
      return {
        ok: false,
        message: `\`until\` takes a local time \`HH:MM\`, not "${quoteInput(second ?? '')}".`,
      };
    }
    const hhmm = second.padStart(5, '0');
    const today = localDate(now, tz);
    endsAt = localInstant(today, hhmm, tz);
    if (endsAt.getTime() <= now.getTime()) endsAt = localInstant(addDays(today, 1), hhmm, tz);
    used = 2;
  } else {
    const d = parseDuration(first);
    if (!d.ok) return d;
    endsAt = new Date(now.getTime() + d.ms);
  }
  if (endsAt.getTime() - now.getTime() > maxMs) {
    const days = Math.round((endsAt.getTime() - now.getTime()) / 86_400_000);
    return {
      ok: false,
      message: `${days} days is too long; a silence lasts at most ${maxMs / 86_400_000} days.`,
    };
  }
  return { ok: true, endsAt, words: used };
}
