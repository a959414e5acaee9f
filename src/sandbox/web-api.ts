/**
 * The sandbox's in-process Slack Web API: the few methods the bot calls (chat.postMessage, chat.update,
 * chat.postEphemeral, chat.delete, chat.getPermalink, views.publish, views.open (with a trigger_id the
 * sandbox issued: single use, short-lived), usergroups.users.list,
 * conversations.history, users.info, auth.test), answered as Slack does, and the response_url posts of
 * Bolt's `respond`. Anything else answers `unknown_method`, so a new call shows up instead of passing.
 */
import type { SandboxMessage, Workspace } from './workspace.js';

export type ApiArgs = Record<string, unknown>;
export type ApiAnswer = { ok: true; [key: string]: unknown } | { ok: false; error: string };

/** Why: the WebClient sends these JSON-encoded inside its form bodies; everything else is a plain string. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata']);

/** Decodes a Web API request body: form-encoded (the WebClient's default) or JSON. */
export function decodeApiBody(raw: string, contentType: string | undefined): ApiArgs {
  if (!raw) return {};
  if ((contentType ?? '').includes('application/json')) return JSON.parse(raw) as ApiArgs;
  const args: ApiArgs = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
  }
  return args;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const blocksOf = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

function wire(m: SandboxMessage) {
  return {
    type: 'message',
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
}

type Method = (ws: Workspace, args: ApiArgs, pageUrl: string) => ApiAnswer;

/** Answers one Web API call made with the bot token. */
export function callWebApi(ws: Workspace, method: string, args: ApiArgs, pageUrl: string): ApiAnswer {
  const answer = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  return answer ? answer(ws, args, pageUrl) : { ok: false, error: 'unknown_method' };
}

/** Why a table: one entry per method the bot calls; anything else is `unknown_method`. */
const METHODS: Record<string, Method> = {
  'auth.test': (ws) => ({
    ok: true,
    team: ws.init.teamName,
    team_id: ws.init.teamId,
    user_id: ws.init.botUserId,
    bot_id: 'B0SANDBOX',
  }),
  'chat.postMessage': postMessage,
  'chat.update': (ws, args) => {
    const channel = str(args.channel);
    const ts = str(args.ts);
    const m =
      channel && ts && ws.update(channel, ts, { text: str(args.text) ?? '', blocks: blocksOf(args.blocks) });
    return m
      ? { ok: true, channel, ts, text: m.text, message: wire(m) }
      : { ok: false, error: 'message_not_found' };
  },
  'chat.postEphemeral': (ws, args) => {
    const channel = str(args.channel);
    const user = str(args.user);
    if (!channel || !user) return { ok: false, error: 'channel_not_found' };
    const m = ws.post({
      channel,
      user: ws.init.botUserId,
      text: str(args.text) ?? '',
      blocks: blocksOf(args.blocks),
      visibleTo: user,
    });
    return { ok: true, message_ts: m.ts };
  },
  'chat.delete': (ws, args) => {
    const channel = str(args.channel);
    const ts = str(args.ts);
    return channel && ts && ws.delete(channel, ts)
      ? { ok: true, channel, ts }
      : { ok: false, error: 'message_not_found' };
  },
  'chat.getPermalink': (ws, args, pageUrl) => {
    const channel = str(args.channel);
    const ts = str(args.message_ts);
    if (!channel || !ts || !ws.find(channel, ts)) return { ok: false, error: 'message_not_found' };
    return { ok: true, channel, permalink: `${pageUrl}#${channel}/${ts}` };
  },
  'views.publish': (ws, args) => {
    const user = str(args.user_id);
    if (!user || typeof args.view !== 'object') return { ok: false, error: 'invalid_arguments' };
    ws.publishHome(user, args.view);
    return { ok: true, view: { ...(args.view as object), id: `V${user}` } };
  },
  'views.open': (ws, args) => openView(ws, args),
  'usergroups.users.list': (ws, args) => ({
    ok: true,
    users: ws.usergroupMembers(str(args.usergroup) ?? ''),
  }),
  'conversations.history': (ws, args) => {
    const channel = str(args.channel);
    return { ok: true, messages: channel ? ws.history(channel).map(wire) : [], has_more: false };
  },
  'users.info': (ws, args) => {
    const user = ws.users.find((u) => u.id === args.user);
    return user
      ? { ok: true, user: { id: user.id, name: user.name, real_name: user.name } }
      : { ok: false, error: 'user_not_found' };
  },
};

function postMessage(ws: Workspace, args: ApiArgs): ApiAnswer {
  const channel = str(args.channel);
  if (!channel) return { ok: false, error: 'channel_not_found' };
  const text = str(args.text) ?? '';
  const blocks = blocksOf(args.blocks);
  if (!text && !blocks) return { ok: false, error: 'no_text' };
  const m = ws.post({ channel, user: ws.init.botUserId, text, blocks, thread_ts: str(args.thread_ts) });
  return { ok: true, channel, ts: m.ts, message: wire(m) };
}

/** `views.open`: the trigger_id names the user who acted; the modal opens for them on the page. */
function openView(ws: Workspace, args: ApiArgs): ApiAnswer {
  const trigger = str(args.trigger_id);
  if (!trigger) return { ok: false, error: 'invalid_arguments' };
  const view = args.view as Record<string, unknown> | undefined;
  if (typeof view !== 'object' || view === null || view.type !== 'modal' || !Array.isArray(view.blocks)) {
    return { ok: false, error: 'invalid_arguments' };
  }
  if (typeof (view.title as { text?: unknown } | undefined)?.text !== 'string') {
    return { ok: false, error: 'invalid_arguments' };
  }
  const taken = ws.takeTrigger(trigger);
  if ('error' in taken) return { ok: false, error: taken.error };
  const opened = ws.openView(taken.user, view);
  return { ok: true, view: { ...view, id: opened.id, state: { values: {} }, root_view_id: opened.id } };
}

/**
 * A response_url post (Bolt's `respond`): replace or delete the clicked message, post in the channel
 * (`in_channel`), or — the default — an ephemeral reply only the user who acted sees.
 */
export function respondTo(ws: Workspace, id: string, body: ApiArgs): ApiAnswer {
  const target = ws.responseTarget(id);
  if (!target) return { ok: false, error: 'expired_url' };
  const { channel, user, messageTs } = target;
  const text = str(body.text) ?? '';
  const blocks = blocksOf(body.blocks);
  if (body.delete_original === true || body.delete_original === 'true') {
    return messageTs && ws.delete(channel, messageTs, user)
      ? { ok: true }
      : { ok: false, error: 'message_not_found' };
  }
  if ((body.replace_original === true || body.replace_original === 'true') && messageTs) {
    return ws.update(channel, messageTs, { text, blocks }, user)
      ? { ok: true }
      : { ok: false, error: 'message_not_found' };
  }
  const inChannel = body.response_type === 'in_channel';
  ws.post({ channel, user: ws.init.botUserId, text, blocks, ...(inChannel ? {} : { visibleTo: user }) });
  return { ok: true };
}
