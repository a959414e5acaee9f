/** `/pipeline help`: the usage list and the fallback text, and the one-line error view. */
import { context, type Message, section } from './blocks.js';

/** Why apart: the on-call lines of USAGE (mute, mutes, unmute, routes), kept together as one group. */
const ONCALL_USAGE = [
  '`/pipeline mute <matchers> <duration> <reason>` — hold alerts, e.g. `mute check=drift transition=phase3* 2h backfill running` (duration `30m`, `2h`, `1d`, `until 08:00`)',
  '`/pipeline mutes` — live silences · `/pipeline unmute <id>` — end one',
  '`/pipeline routes [check=… transition=… subject=… severity=…]` — the routing table, or where such an alert goes',
];

/** Why here: what `/pipeline help` lists, one line per sub-command, is mrkdwn, so it lives with the views. */
export const USAGE = [
  '`/pipeline status [date]` — every transition for its current date (or the run of `date`)',
  '`/pipeline completeness [days]` — per-target completeness grid (default 14 days)',
  '`/pipeline heal <target> [date] [--force] [--dry-run]` — run the next phase (`phase3` or `phase2_to_phase3`)',
  '`/pipeline history [days]` — recent heals and alerts (default 7 days)',
  '`/pipeline trends [days]` — processor durations and failure rates vs the period before, with charts (default 7 days)',
  '`/pipeline dlq` — recent dead-lettered messages and whether they were handled',
  '`/pipeline doctor` — check every production prerequisite (users allowed to heal)',
  ...ONCALL_USAGE,
  '`/pipeline help` — this help',
  'Dates: `YYYY-MM-DD`, `today`, `yesterday`; no future dates; at most 90 days back.',
];

/** Why derived: the sub-commands USAGE documents, in its order, so the fallback text never goes stale. */
const SUBCOMMANDS = USAGE.flatMap((line) => /^`\/pipeline (\w+)/.exec(line)?.[1] ?? []);

export function helpView(error?: string): Message {
  const body = USAGE.map((u) => `• ${u}`).join('\n');
  const text = error
    ? `:warning: ${error}\n\n${body}`
    : `*pipeline-bot* watches the daily pipeline.\n${body}`;
  return {
    text: `${error ? `${error} ` : ''}Usage: /pipeline ${SUBCOMMANDS.join('|')}`,
    blocks: [section(text), context('Replies are only visible to you.')],
  };
}

export function errorView(message: string): Message {
  return { text: message, blocks: [section(`:warning: ${message}`)] };
}
