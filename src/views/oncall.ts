/** Replies of the on-call commands: silences (mute, mutes, unmute) and the routing table. Pure. */
import type { KnownBlock } from '@slack/types';
import { type AlertFacts, formatMatchers } from '../oncall/matchers.js';
import type { Route, RouteChoice } from '../oncall/routes.js';
import type { Silence } from '../oncall/silences.js';
import { localDateTime } from '../pipeline/dates.js';
import { mention } from '../util/mrkdwn.js';
import { context, esc, listWithMore, type Message, section } from './blocks.js';

/** Why 30: more live silences than that is itself the problem; the rest are counted. */
const MAX_LISTED = 30;

const matchersText = (s: Silence) => `\`${esc(formatMatchers(s.matchers))}\``;
const channelText = (c: string) => (/^[CG][A-Z0-9]+$/.test(c) ? `<#${c}>` : `\`${esc(c)}\``);

export function muteCreatedView(s: Silence, openMatching: number, tz: string): Message {
  const text = `:mute: Silence \`${s.id}\` holds posts and reminders of ${matchersText(s)} until ${localDateTime(s.ends_at, tz)} (${tz}); ${openMatching} open alert(s) match now. It takes effect at the next check run; end it with \`/pipeline unmute ${s.id}\`.`;
  return { text: `Silence ${s.id} created until ${localDateTime(s.ends_at, tz)}`, blocks: [section(text)] };
}

export function muteAnnouncement(s: Silence, tz: string): Message {
  const text = `:mute: ${mention(s.created_by)} muted ${matchersText(s)} until ${localDateTime(s.ends_at, tz)}: ${esc(s.reason)} (silence \`${s.id}\`)`;
  return {
    text: `Muted ${formatMatchers(s.matchers)} until ${localDateTime(s.ends_at, tz)}`,
    blocks: [section(text)],
  };
}

export function silencesView(live: Silence[], tz: string): Message {
  if (live.length === 0)
    return { text: 'No live silences.', blocks: [section(':loud_sound: No live silences.')] };
  const lines = live
    .slice(0, MAX_LISTED)
    .map(
      (s) =>
        `• \`${esc(s.id)}\` ${matchersText(s)} until ${localDateTime(s.ends_at, tz)} — ${esc(s.reason)} (${mention(s.created_by)})`,
    );
  if (live.length > MAX_LISTED) lines.push(`…and ${live.length - MAX_LISTED} more`);
  return { text: `${live.length} live silence(s)`, blocks: [section(lines.join('\n'))] };
}

export function unmuteView(
  id: string,
  before: Silence | undefined,
  after: Silence | undefined,
  now: Date,
  tz: string,
): Message {
  const say = (t: string) => ({ text: t, blocks: [section(t)] });
  if (!after) return say(`No silence \`${esc(id)}\`; see \`/pipeline mutes\`.`);
  if (before && before.ends_at.getTime() <= now.getTime()) {
    return say(`Silence \`${esc(id)}\` already ended at ${localDateTime(before.ends_at, tz)}.`);
  }
  return say(
    `:loud_sound: Silence \`${esc(id)}\` ended. Held alerts are posted at the next check run, after one summary of what fired meanwhile.`,
  );
}

export interface RoutesModel {
  routes: readonly Route[];
  defaultChannel: string;
  probe?: { facts: AlertFacts; choice: RouteChoice };
  open: { fingerprint: string; choice: RouteChoice }[];
}

const routeName = (c: RouteChoice) => (c.route === 'default' ? 'default' : `#${c.route + 1}`);

export function routesView(m: RoutesModel): Message {
  const table = m.routes.map(
    (r, i) => `${i + 1}. \`${esc(formatMatchers(r.match))}\` → ${r.channels.map(channelText).join(', ')}`,
  );
  table.push(
    `default → ${channelText(m.defaultChannel)} (first match wins; the digest keeps its own channel)`,
  );
  const blocks: KnownBlock[] = [section(`*Routes*\n${table.join('\n')}`)];
  if (m.probe) {
    const f = m.probe.facts;
    const what = `check=${f.check || '?'} transition=${f.transition ?? '-'} subject=${f.subject || '-'} severity=${f.severity}`;
    blocks.push(
      section(
        `An alert with \`${esc(what)}\` takes route *${routeName(m.probe.choice)}* → ${m.probe.choice.channels.map(channelText).join(', ')}`,
      ),
    );
  }
  if (m.open.length) {
    const lines = m.open.map((o) => `\`${esc(o.fingerprint)}\` → ${routeName(o.choice)}`);
    blocks.push(context(`Open alerts: ${listWithMore(lines, 15)}`));
  }
  return { text: `${m.routes.length} route(s) plus the default`, blocks };
}
