/**
 * Slack-shaped requests from the page's clicks and commands: slash command form fields, `block_actions`
 * payloads (on a message or on the App Home view), `view_submission` / `view_closed` of a modal, the
 * `app_home_opened` event — signed the way Slack
 * signs (`v0=HMAC-SHA256(secret, "v0:<ts>:<body>")`) and POSTed to the bot's own `/slack/events`.
 */

import { randomBytes } from 'node:crypto';
import { sign } from '../http/slack-signature.js';
import type { SandboxMessage, SandboxUser, SandboxView } from './workspace.js';

export interface Team {
  id: string;
  domain: string;
  appId: string;
}

/** Why 15 s: a local request that takes longer is hung; the page shows the error instead of spinning. */
const SEND_TIMEOUT_MS = 15_000;

const nowTs = () => (Date.now() / 1000).toFixed(6);

export function slashCommandBody(
  team: Team,
  user: SandboxUser,
  channel: { id: string; name: string },
  command: string,
  text: string,
  responseUrl: string,
  triggerId: string,
): { body: string; contentType: string } {
  const fields = {
    token: 'sandbox',
    team_id: team.id,
    team_domain: team.domain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command,
    text,
    api_app_id: team.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  };
  return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** One action as the page reports it; the rest of the payload comes from the workspace. */
export interface PageAction {
  type: string;
  action_id: string;
  block_id?: string;
  value?: string;
  text?: string;
  selected_option?: { value: string; text?: string };
}

export type ActionContainer =
  | { kind: 'message'; message: SandboxMessage; channelName: string; responseUrl: string }
  | { kind: 'home'; view: unknown };

export function blockActionsBody(
  team: Team,
  user: SandboxUser,
  where: ActionContainer,
  action: PageAction,
  triggerId: string,
) {
  const a: Record<string, unknown> = {
    type: action.type,
    action_id: action.action_id,
    block_id: action.block_id ?? 'sandbox',
    action_ts: nowTs(),
  };
  if (action.type === 'button') {
    a.text = { type: 'plain_text', text: action.text ?? action.action_id, emoji: true };
    if (action.value !== undefined) a.value = action.value;
  }
  if (action.selected_option) {
    const o = action.selected_option;
    a.selected_option = {
      text: { type: 'plain_text', text: o.text ?? o.value, emoji: true },
      value: o.value,
    };
  }
  const common = {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
    api_app_id: team.appId,
    token: 'sandbox',
    trigger_id: triggerId,
    team: { id: team.id, domain: team.domain },
    enterprise: null,
    is_enterprise_install: false,
    actions: [a],
  };
  const payload =
    where.kind === 'home'
      ? {
          ...common,
          container: { type: 'view', view_id: `V${user.id}` },
          view: { id: `V${user.id}`, ...(where.view as object) },
        }
      : {
          ...common,
          container: {
            type: 'message',
            message_ts: where.message.ts,
            channel_id: where.message.channel,
            is_ephemeral: !!where.message.visibleTo,
          },
          channel: { id: where.message.channel, name: where.channelName },
          message: {
            type: 'message',
            user: where.message.user,
            ts: where.message.ts,
            text: where.message.text,
            blocks: where.message.blocks ?? [],
            ...(where.message.thread_ts ? { thread_ts: where.message.thread_ts } : {}),
          },
          state: { values: {} },
          response_url: where.responseUrl,
        };
  return formPayload(payload);
}

const formPayload = (payload: unknown) => ({
  body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
  contentType: 'application/x-www-form-urlencoded',
});

/** What the page reports of a modal's inputs: block_id → action_id → the element's state. */
export type ViewValues = Record<
  string,
  Record<string, { type: string; value?: string; selected_option?: unknown }>
>;

/** A modal's `view_submission` (with its inputs' state) or `view_closed`, as Slack sends them. */
export function viewPayloadBody(
  team: Team,
  user: SandboxUser,
  opened: SandboxView,
  event: { type: 'view_submission'; values: ViewValues; triggerId: string } | { type: 'view_closed' },
) {
  const view = {
    ...opened.view,
    id: opened.id,
    team_id: team.id,
    app_id: team.appId,
    bot_id: 'B0SANDBOX',
    private_metadata: opened.view.private_metadata ?? '',
    callback_id: opened.view.callback_id ?? '',
    state: { values: event.type === 'view_submission' ? event.values : {} },
    hash: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    root_view_id: opened.id,
    previous_view_id: null,
  };
  return formPayload({
    type: event.type,
    team: { id: team.id, domain: team.domain },
    user: { id: user.id, username: user.name, name: user.name, team_id: team.id },
    api_app_id: team.appId,
    token: 'sandbox',
    enterprise: null,
    is_enterprise_install: false,
    view,
    ...(event.type === 'view_submission'
      ? { trigger_id: event.triggerId, response_urls: [] }
      : { is_cleared: false }),
  });
}

export function appHomeOpenedBody(team: Team, user: SandboxUser, botUserId: string) {
  const envelope = {
    token: 'sandbox',
    team_id: team.id,
    api_app_id: team.appId,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team.id, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    event: { type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab: 'home', event_ts: nowTs() },
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}

/** POSTs a body to `url` signed with `secret` (Slack's v0 scheme); resolves with the HTTP status. */
export async function sendSigned(
  url: string,
  secret: string,
  req: { body: string; contentType: string },
): Promise<{ status: number; body: string }> {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${sign(secret, String(timestamp), req.body)}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': req.contentType,
      'x-slack-signature': signature,
      'x-slack-request-timestamp': String(timestamp),
    },
    body: req.body,
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
}
