/** Parsing of `/pipeline …` and CLI arguments into typed requests, with short, specific errors. Pure. */
import { MAX_DAYS_BACK, resolveDate } from '../pipeline/date-input.js';
import type { IsoDate } from '../pipeline/types.js';
import { quoteInput } from '../util/mrkdwn.js';
import { ONCALL_COMMANDS, type OncallCommand, parseOncall } from './oncall-parse.js';

/** Why 1,000: the longest real command is ~60 characters; a longer text is refused before any work. */
export const MAX_COMMAND_CHARS = 1000;

/** Re-exported: the date rules live in the pipeline domain (heal targets use them too). */
export { MAX_DAYS_BACK, resolveDate };

/** `heal <target> [date] [--force] [--dry-run] [--yes]`. */
export interface HealCommand {
  kind: 'heal';
  target: string;
  date?: IsoDate;
  force: boolean;
  dryRun: boolean;
  yes: boolean;
}

export type Command =
  | { kind: 'status'; date?: IsoDate }
  | { kind: 'help' }
  | { kind: 'completeness'; days?: number }
  | HealCommand
  | { kind: 'history'; days?: number }
  | { kind: 'trends'; days?: number }
  | { kind: 'doctor' }
  | OncallCommand
  | { kind: 'dlq' }
  | { kind: 'error'; message: string };

function parseDays(word: string | undefined, max: number, name: string): { days?: number; error?: string } {
  if (word === undefined) return {};
  if (!/^\d{1,6}$/.test(word))
    return { error: `"${quoteInput(word)}" is not a number of days (1 to ${max}).` };
  const n = Number(word);
  if (n < 1 || n > max) return { error: `${name} takes 1 to ${max} days, not ${n}.` };
  return { days: n };
}

/** `transitions`: the configured ids, so a matcher like `transition=phase9*` is caught as a typo. */
export function parseCommand(
  text: string,
  now: Date,
  tz: string,
  transitions: readonly string[] = [],
): Command {
  if (text.length > MAX_COMMAND_CHARS) {
    return {
      kind: 'error',
      message: `That command is ${text.length} characters long; \`/pipeline\` takes at most ${MAX_COMMAND_CHARS}.`,
    };
  }
  // Some Slack clients turn a typed `--` into an em or en dash ("—force"): read those as flags too.
  const words = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/^[\u2014\u2013](?=[a-z])/i, '--'));
  const [sub, ...rest] = words;
  const cmd = sub?.toLowerCase();
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') return { kind: 'help' };
  switch (cmd) {
    case 'status': {
      if (rest.length > 1) return { kind: 'error', message: 'status takes at most one date.' };
      if (!rest[0]) return { kind: 'status' };
      const d = resolveDate(rest[0], now, tz);
      return d.ok ? { kind: 'status', date: d.date } : { kind: 'error', message: d.message };
    }
    case 'completeness':
    case 'history': {
      if (rest.length > 1) return { kind: 'error', message: `${cmd} takes at most one number of days.` };
      const p = parseDays(rest[0], MAX_DAYS_BACK, cmd);
      if (p.error) return { kind: 'error', message: p.error };
      return { kind: cmd, days: p.days };
    }
    case 'trends': {
      if (rest.length > 1) return { kind: 'error', message: 'trends takes at most one number of days.' };
      // Two windows are read (the days and the days before), so half the history limit.
      const p = parseDays(rest[0], MAX_DAYS_BACK / 2, cmd);
      if (p.error) return { kind: 'error', message: p.error };
      return { kind: 'trends', days: p.days };
    }
    case 'heal':
      return parseHeal(rest, now, tz);
    case 'dlq':
      return rest.length ? { kind: 'error', message: 'dlq takes no arguments.' } : { kind: 'dlq' };
    case 'doctor':
      return rest.length ? { kind: 'error', message: 'doctor takes no arguments.' } : { kind: 'doctor' };
    default:
      if (ONCALL_COMMANDS.has(cmd)) return parseOncall(cmd, rest, now, tz, transitions);
      return { kind: 'error', message: `unknown command "${quoteInput(sub ?? '')}".` };
  }
}

/** `heal <target> [date] [--force] [--dry-run] [--yes]`: flags anywhere, a target, at most one date. */
function parseHeal(rest: string[], now: Date, tz: string): Command {
  const flags = rest.filter((w) => w.startsWith('--'));
  const args = rest.filter((w) => !w.startsWith('--'));
  const unknown = flags.filter((f) => !['--force', '--dry-run', '--yes'].includes(f));
  if (unknown.length)
    return {
      kind: 'error',
      message: `unknown option ${unknown.slice(0, 3).map(quoteInput).join(', ')} (use --force, --dry-run).`,
    };
  if (!args[0])
    return { kind: 'error', message: 'heal needs a target, e.g. `phase3` or `phase2_to_phase3`.' };
  if (args.length > 2) return { kind: 'error', message: 'heal takes a target and at most one date.' };
  let date: IsoDate | undefined;
  if (args[1]) {
    const d = resolveDate(args[1], now, tz);
    if (!d.ok) return { kind: 'error', message: d.message };
    date = d.date;
  }
  return {
    kind: 'heal',
    target: args[0],
    date,
    force: flags.includes('--force'),
    dryRun: flags.includes('--dry-run'),
    yes: flags.includes('--yes'),
  };
}
