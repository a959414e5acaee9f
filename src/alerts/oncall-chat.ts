/**
 * What the on-call part of a tick says in chat, rendered by views: the end-of-silence summaries, a
 * storm's summary root, copies of a root in a route's other channels, and the thread note (and DMs) of
 * an on-call event. Kept apart from AlertService so the delivery loop stays readable.
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { SilenceStore } from '../oncall/silences.js';
import type { Chat, MessageContent, PostedMessage } from '../ports.js';
import { claimEnded, stormGroups } from './oncall-tick.js';
import type { AlertNote, AlertRecord, AlertStore } from './types.js';
import type { AlertViews, ThreadItem } from './views-port.js';

export interface OncallChatDeps {
  config: Config;
  log: Logger;
  store: AlertStore;
  chat: Chat;
  /** The default alert channel (summaries go there). */
  channel: string;
  views: AlertViews;
}

/** One message per ended silence that held alerts: what fired and resolved meanwhile. */
export async function postSilenceSummaries(
  d: OncallChatDeps,
  silences: SilenceStore,
  listed: Parameters<typeof claimEnded>[2],
  now: Date,
): Promise<void> {
  for (const { silence, held } of await claimEnded(silences, d.store, listed, now)) {
    if (held.length === 0) continue;
    const view = d.views.silenceEnded(silence, held, d.config.timezone);
    await d.chat
      .post({ channel: d.channel, text: view.text, blocks: view.blocks })
      .catch((err) => d.log.error({ err, silence: silence.id }, 'could not post the end-of-silence summary'));
  }
}

/** More than `storm_threshold` new roots for one channel: one summary root, each alert a reply in its thread. */
export async function groupStorms(d: OncallChatDeps, now: Date): Promise<void> {
  const groups = stormGroups(await d.store.listActive(), d.config, d.channel);
  for (const [channel, members] of groups) {
    const view = d.views.stormRoot(members, d.config.timezone, now);
    let posted: PostedMessage;
    try {
      posted = await d.chat.post({ channel, text: view.text, blocks: view.blocks });
    } catch (err) {
      // Not grouped this time: each alert is posted on its own rather than not at all.
      d.log.warn({ err, channel }, 'could not post the storm summary');
      continue;
    }
    await Promise.all(
      members.map((m) =>
        d.store.update(m.fingerprint, (cur) =>
          cur && !cur.ts ? { ...cur, channel: posted.channel, threadTs: posted.ts } : undefined,
        ),
      ),
    );
  }
}

/** Copies of a new root in the route's other channels; one that cannot be posted is logged, not retried. */
export async function postCopies(chat: Chat, log: Logger, channels: string[], view: MessageContent) {
  const out: PostedMessage[] = [];
  for (const channel of channels) {
    try {
      out.push(await chat.post({ channel, text: view.text, blocks: view.blocks }));
    } catch (err) {
      log.warn({ err, channel }, 'could not post an alert copy to a routed channel');
    }
  }
  return out;
}

export async function updateCopies(chat: Chat, log: Logger, copies: PostedMessage[], view: MessageContent) {
  for (const m of copies) {
    await chat
      .update({ channel: m.channel, ts: m.ts, text: view.text, blocks: view.blocks })
      .catch((err) => log.warn({ err, channel: m.channel }, 'could not edit an alert copy'));
  }
}

/**
 * A note in the alert's thread (or an old record's text); an escalation to people also DMs each of them.
 * The thread note goes first: if it fails, the item is retried and nobody has been paged yet. Each DM is
 * sent once, after it: one that fails (a deactivated user) is logged, never retried with the others.
 */
export async function postNote(
  d: Pick<OncallChatDeps, 'chat' | 'config' | 'views' | 'log'>,
  a: AlertRecord,
  item: ThreadItem,
): Promise<void> {
  const { chat, config, views, log } = d;
  if (!a.ts || !a.channel) throw new Error('postNote before the root message exists');
  await chat.post({
    channel: a.channel,
    threadTs: a.threadTs ?? a.ts,
    text: views.thread(item, config.timezone),
  });
  const note: AlertNote | undefined = item.kind === 'note' ? item.note : undefined;
  if (note?.type !== 'escalation' || !note.dm_users) return;
  const link = await chat.permalink?.({ channel: a.channel, ts: a.ts }).catch(() => undefined);
  const dm = views.escalationDm(a, config, link);
  for (const user of note.dm_users) {
    await chat
      .post({ channel: user, text: dm.text, blocks: dm.blocks })
      .catch((err) => log.warn({ err, user, fingerprint: a.fingerprint }, 'could not DM an escalation'));
  }
}
