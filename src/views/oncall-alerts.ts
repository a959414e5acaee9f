/**
 * Slack text for the on-call side of alerts: the DM an escalation sends, the end-of-silence summary and
 * a storm's summary root. Pure: rendered at delivery from what the domain recorded; every stored or
 * typed string is escaped.
 */
import type { AlertRecord } from '../alerts/types.js';
import type { Config } from '../config.js';
import { formatMatchers } from '../oncall/matchers.js';
import type { Silence } from '../oncall/silences.js';
import { localDateTime } from '../pipeline/dates.js';
import { mention } from '../util/mrkdwn.js';
import { alertTitle } from './alert.js';
import { context, esc, listWithMore, type Message, section, truncate } from './blocks.js';

/** Why 20: a summary that lists more is not read; the rest are counted. */
const MAX_LISTED = 20;

export function escalationDmView(a: AlertRecord, _config: Config, permalink?: string): Message {
  const title = esc(alertTitle(a));
  const link = permalink && /^https:\/\/[^\s<>|]+$/.test(permalink) ? ` <${permalink}|Open the alert>` : '';
  const text = `:rotating_light: You are paged: *${title}* is firing and nobody has acknowledged it. ${esc(a.summary)}${link}`;
  return {
    text: truncate(`Paged: ${alertTitle(a)} is firing, not acknowledged`, 3000),
    blocks: [section(text)],
  };
}

function heldLine(a: AlertRecord, tz: string): string {
  const state =
    a.state === 'resolved'
      ? `resolved ${a.resolvedAt ? localDateTime(a.resolvedAt, tz) : ''}`
      : a.state === 'firing'
        ? 'still firing'
        : a.state;
  return `• *${esc(alertTitle(a))}* — fired ${localDateTime(a.firingSince, tz)}, ${state}`;
}

export function silenceEndedView(s: Silence, held: AlertRecord[], tz: string): Message {
  const firing = held.filter((a) => a.state !== 'resolved').length;
  const lines = held.slice(0, MAX_LISTED).map((a) => heldLine(a, tz));
  if (held.length > MAX_LISTED) lines.push(`…and ${held.length - MAX_LISTED} more`);
  const head = `:loud_sound: Silence \`${esc(s.id)}\` (${esc(formatMatchers(s.matchers))}) ended at ${localDateTime(s.ends_at, tz)}: ${held.length} alert(s) fired while it was on, ${firing} still open.`;
  return {
    text: `Silence ${s.id} ended: ${held.length} alert(s) fired while muted, ${firing} still open`,
    blocks: [
      section(head),
      section(lines.join('\n')),
      context(`Reason: ${esc(s.reason)} · by ${mention(s.created_by)}`),
    ],
  };
}

export function stormRootView(members: AlertRecord[], tz: string, now: Date): Message {
  const titles = members.map((a) => `*${esc(alertTitle(a))}*`);
  const head = `:thunder_cloud_and_rain: ${members.length} alerts opened at ${localDateTime(now, tz)}; each has its reply (and buttons) in this thread.`;
  return {
    text: `${members.length} alerts opened at once`,
    blocks: [section(head), section(listWithMore(titles, MAX_LISTED, '\n'))],
  };
}
