/**
 * Parsing of the on-call commands (`mute`, `mutes`, `unmute`, `routes`; CLI `ack`, `snooze`) into typed
 * requests, with errors that name what was wrong. Pure; called from parse.ts.
 */
import { CHECK_IDS } from '../checks/types.js';
import { parseSilenceEnd } from '../oncall/duration.js';
import { type KnownNames, type Matchers, parseMatchers } from '../oncall/matchers.js';
import { quoteInput } from '../util/mrkdwn.js';

/** Why 300: a reason is a sentence or a ticket link, not a document. */
export const MAX_REASON_CHARS = 300;
/** Why 168: a week of snooze is the most the CLI allows; longer belongs in a silence with a reason. */
const MAX_SNOOZE_HOURS = 168;

/** `mute <matchers> <duration> <reason>`. */
export interface MuteCommand {
  kind: 'mute';
  matchers: Matchers;
  endsAt: Date;
  reason: string;
}

/** `routes [matchers]`: the table, or where an alert with these facts goes. */
export interface RoutesCommand {
  kind: 'routes';
  probe?: Matchers;
}

export type OncallCommand =
  | MuteCommand
  | { kind: 'mutes' }
  | { kind: 'unmute'; id: string }
  | RoutesCommand
  | { kind: 'ack'; alert: string }
  | { kind: 'snooze'; alert: string; hours: number };

export type OncallParse = OncallCommand | { kind: 'error'; message: string };

/** Why a set: the first words `parseCommand` hands to this parser. */
export const ONCALL_COMMANDS = new Set(['mute', 'mutes', 'unmute', 'routes', 'ack', 'snooze']);

const isMatcher = (w: string) => w.includes('=');

export function parseOncall(
  cmd: string,
  rest: string[],
  now: Date,
  tz: string,
  transitions: readonly string[],
): OncallParse {
  const known: KnownNames = { checks: CHECK_IDS, transitions };
  switch (cmd) {
    case 'mute':
      return parseMute(rest, now, tz, known);
    case 'mutes':
      return rest.length ? err('`mutes` takes no arguments.') : { kind: 'mutes' };
    case 'unmute': {
      if (rest.length !== 1 || !/^[A-Za-z0-9_-]{1,40}$/.test(rest[0]!)) {
        return err(
          `unmute takes one silence id (see \`/pipeline mutes\`)${rest[0] ? `, not "${quoteInput(rest.join(' '))}"` : ''}.`,
        );
      }
      return { kind: 'unmute', id: rest[0]! };
    }
    case 'routes': {
      if (rest.length === 0) return { kind: 'routes' };
      const m = parseMatchers(rest, known);
      return m.ok ? { kind: 'routes', probe: m.matchers } : err(m.message);
    }
    case 'ack':
    case 'snooze':
      return parseAlertAction(cmd, rest);
    default:
      return err(`unknown command "${quoteInput(cmd)}".`);
  }
}

const err = (message: string) => ({ kind: 'error' as const, message });

function parseMute(rest: string[], now: Date, tz: string, known: KnownNames): OncallParse {
  const firstOther = rest.findIndex((w) => !isMatcher(w));
  const m = parseMatchers(rest.slice(0, firstOther < 0 ? rest.length : firstOther), known);
  if (!m.ok) return err(m.message);
  const tail = firstOther < 0 ? [] : rest.slice(firstOther);
  const end = parseSilenceEnd(tail, now, tz);
  if (!end.ok) return err(end.message);
  const reason = tail.slice(end.words).join(' ');
  if (!reason)
    return err('say why (the reason is shown to everyone), e.g. `mute check=drift 2h backfill running`.');
  if (reason.length > MAX_REASON_CHARS)
    return err(`the reason is ${reason.length} characters; at most ${MAX_REASON_CHARS}.`);
  return { kind: 'mute', matchers: m.matchers, endsAt: end.endsAt, reason };
}

/** `ack <alert>` · `snooze <alert> <hours>` (CLI). */
function parseAlertAction(cmd: 'ack' | 'snooze', rest: string[]): OncallParse {
  const [alert, hoursText, ...extra] = rest;
  if (!alert || alert.length > 300)
    return err(`${cmd} needs an alert fingerprint, e.g. \`stuck:phase2_to_phase3:2026-02-09\`.`);
  if (cmd === 'ack') return hoursText ? err('ack takes one alert.') : { kind: 'ack', alert };
  const hours = Number(hoursText);
  if (extra.length || !hoursText || !/^\d{1,3}$/.test(hoursText) || hours < 1 || hours > MAX_SNOOZE_HOURS) {
    return err(
      `snooze takes an alert and 1 to ${MAX_SNOOZE_HOURS} hours${hoursText ? `, not "${quoteInput(hoursText)}"` : ''}.`,
    );
  }
  return { kind: 'snooze', alert, hours };
}
