/**
 * Build and send real signed Slack requests (slash commands, interactions, events) over HTTP,
 * the way Slack does: `X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:<ts>:<raw body>")` and
 * `X-Slack-Request-Timestamp: <unix seconds>`.
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface SignOptions {
  /** Unix seconds for `X-Slack-Request-Timestamp` (and the signature); default now. */
  timestamp?: number;
  /** Send a signature that does not match (one hex digit flipped). */
  badSignature?: boolean;
  /** Extra headers, e.g. `{ 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' }`. */
  headers?: Record<string, string>;
  /** Abort the request after this many ms (default 15000). */
  timeoutMs?: number;
}

export interface SlackHttpResult {
  status: number;
  body: string;
  elapsedMs: number;
  headers: Headers;
}

export interface SignedHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

export const DEFAULT_TEAM_ID = 'T0TEAM';
export const DEFAULT_USER_ID = 'U0ONCALL1';
export const DEFAULT_CHANNEL_ID = 'C0ALERTS';
export const DEFAULT_APP_ID = 'A0PIPEBOT';
export const DEFAULT_TEAM_DOMAIN = 'pipeline-test';

/** `v0=<hex>` for `body` at `timestamp` (unix seconds). */
export function computeSlackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The two Slack signing headers for `body`. */
export function signSlackRequest(
  secret: string,
  body: string,
  opts: Pick<SignOptions, 'timestamp' | 'badSignature'> = {},
): SignedHeaders {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  let signature = computeSlackSignature(secret, timestamp, body);
  if (opts.badSignature) {
    const last = signature.at(-1);
    signature = `${signature.slice(0, -1)}${last === '0' ? '1' : '0'}`;
  }
  return { 'X-Slack-Signature': signature, 'X-Slack-Request-Timestamp': String(timestamp) };
}

/** POST an already-serialized body, signed. */
export async function sendSignedRequest(
  url: string,
  secret: string,
  body: string,
  contentType: string,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(secret, body, opts),
    ...opts.headers,
  };
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
  });
  const text = await res.text();
  return { status: res.status, body: text, elapsedMs: performance.now() - started, headers: res.headers };
}

function randomId(prefix: string, length = 10): string {
  return `${prefix}${randomBytes(length).toString('hex').toUpperCase().slice(0, length)}`;
}

function triggerId(): string {
  return `${Math.floor(Math.random() * 1e10)}.${Math.floor(Math.random() * 1e10)}.${randomBytes(16).toString('hex')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

// ---------------------------------------------------------------------------------------------
// Slash commands
// ---------------------------------------------------------------------------------------------

export interface SlashCommandInput {
  text: string;
  responseUrl: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  channelId?: string;
  channelName?: string;
  command?: string;
  triggerId?: string;
  apiAppId?: string;
}

/** The form fields Slack sends for a slash command, in Slack's order. */
export function slashCommandFields(input: SlashCommandInput): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: input.teamId ?? DEFAULT_TEAM_ID,
    team_domain: input.teamDomain ?? DEFAULT_TEAM_DOMAIN,
    channel_id: input.channelId ?? DEFAULT_CHANNEL_ID,
    channel_name: input.channelName ?? 'pipeline-alerts',
    user_id: input.userId ?? DEFAULT_USER_ID,
    user_name: input.userName ?? 'oncall',
    command: input.command ?? '/pipeline',
    text: input.text,
    api_app_id: input.apiAppId ?? DEFAULT_APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? triggerId(),
  };
}

export function sendSlashCommand(
  baseUrl: string,
  secret: string,
  input: SlashCommandInput,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams(slashCommandFields(input)).toString();
  return sendSignedRequest(baseUrl, secret, body, 'application/x-www-form-urlencoded', opts);
}

// ---------------------------------------------------------------------------------------------
// Interactivity (block_actions)
// ---------------------------------------------------------------------------------------------

export interface InteractionContext {
  responseUrl: string;
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  /** Channel id of the message the action is on. */
  channel?: string;
  /** ts of the message the action is on. */
  messageTs?: string;
  /** Text of that message. */
  messageText?: string;
  /** Blocks of that message (default `[]`). */
  messageBlocks?: unknown[];
  /** thread_ts of that message, when it is a reply. */
  threadTs?: string;
  triggerId?: string;
  apiAppId?: string;
}

export interface ButtonActionInput extends InteractionContext {
  actionId: string;
  value: string;
  blockId?: string;
  /** Button label (default the action id). */
  text?: string;
}

export interface SelectActionInput extends InteractionContext {
  actionId: string;
  /** `selected_option.value` */
  value: string;
  /** `selected_option.text.text` (default the value). */
  optionText?: string;
  blockId?: string;
  /** `static_select` (default) or `overflow`. */
  kind?: 'static_select' | 'overflow';
}

/** A realistic `block_actions` payload around the given `actions`. */
export function blockActionsPayload(ctx: InteractionContext, actions: object[]): Record<string, unknown> {
  const teamId = ctx.teamId ?? DEFAULT_TEAM_ID;
  const channelId = ctx.channel ?? DEFAULT_CHANNEL_ID;
  const messageTs = ctx.messageTs ?? '1700000000.000100';
  const message: Record<string, unknown> = {
    type: 'message',
    user: 'UBOT',
    bot_id: 'B0BOT',
    app_id: ctx.apiAppId ?? DEFAULT_APP_ID,
    team: teamId,
    ts: messageTs,
    text: ctx.messageText ?? 'pipeline alert',
    blocks: ctx.messageBlocks ?? [],
  };
  if (ctx.threadTs !== undefined) message.thread_ts = ctx.threadTs;
  return {
    type: 'block_actions',
    user: {
      id: ctx.userId ?? DEFAULT_USER_ID,
      username: ctx.userName ?? 'oncall',
      name: ctx.userName ?? 'oncall',
      team_id: teamId,
    },
    api_app_id: ctx.apiAppId ?? DEFAULT_APP_ID,
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: ctx.triggerId ?? triggerId(),
    team: { id: teamId, domain: ctx.teamDomain ?? DEFAULT_TEAM_DOMAIN },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: 'pipeline-alerts' },
    message,
    state: { values: {} },
    response_url: ctx.responseUrl,
    actions,
  };
}

/** Sends any interaction payload as Slack does: form-encoded `payload=<json>`. */
export function sendInteraction(
  baseUrl: string,
  secret: string,
  payload: object,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return sendSignedRequest(baseUrl, secret, body, 'application/x-www-form-urlencoded', opts);
}

/** A button click (`block_actions` with one `button` action). */
export function sendBlockAction(
  baseUrl: string,
  secret: string,
  input: ButtonActionInput,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const action = {
    type: 'button',
    action_id: input.actionId,
    block_id: input.blockId ?? randomId('b', 6),
    text: { type: 'plain_text', text: input.text ?? input.actionId, emoji: true },
    value: input.value,
    action_ts: actionTs(),
  };
  return sendInteraction(baseUrl, secret, blockActionsPayload(input, [action]), opts);
}

/** A `static_select` (or `overflow`) choice: the action carries `selected_option.value`. */
export function sendStaticSelectAction(
  baseUrl: string,
  secret: string,
  input: SelectActionInput,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const kind = input.kind ?? 'static_select';
  const action: Record<string, unknown> = {
    type: kind,
    action_id: input.actionId,
    block_id: input.blockId ?? randomId('b', 6),
    selected_option: {
      text: { type: 'plain_text', text: input.optionText ?? input.value, emoji: true },
      value: input.value,
    },
    action_ts: actionTs(),
  };
  if (kind === 'static_select') action.placeholder = { type: 'plain_text', text: 'Select', emoji: true };
  return sendInteraction(baseUrl, secret, blockActionsPayload(input, [action]), opts);
}

// ---------------------------------------------------------------------------------------------
// Events API
// ---------------------------------------------------------------------------------------------

export interface EventEnvelopeOptions {
  teamId?: string;
  eventId?: string;
  apiAppId?: string;
}

/** A realistic `event_callback` envelope around `event`. */
export function eventCallbackEnvelope(
  event: object,
  options: EventEnvelopeOptions = {},
): Record<string, unknown> {
  const teamId = options.teamId ?? DEFAULT_TEAM_ID;
  return {
    token: 'legacy-verification-token',
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: options.apiAppId ?? DEFAULT_APP_ID,
    event,
    type: 'event_callback',
    event_id: options.eventId ?? randomId('Ev0', 9),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

export function sendEvent(
  baseUrl: string,
  secret: string,
  event: object,
  options: EventEnvelopeOptions = {},
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const body = JSON.stringify(eventCallbackEnvelope(event, options));
  return sendSignedRequest(baseUrl, secret, body, 'application/json', opts);
}

/** An `app_home_opened` event for the Home tab. */
export function appHomeOpenedEvent(
  userId = DEFAULT_USER_ID,
  tab: 'home' | 'messages' = 'home',
): Record<string, unknown> {
  return {
    type: 'app_home_opened',
    user: userId,
    channel: 'D0BOTDM',
    tab,
    event_ts: actionTs(),
  };
}

export function sendUrlVerification(
  baseUrl: string,
  secret: string,
  challenge = 'fake-challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const body = JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' });
  return sendSignedRequest(baseUrl, secret, body, 'application/json', opts);
}

// ---------------------------------------------------------------------------------------------
// Modals (view_submission)
// ---------------------------------------------------------------------------------------------

export interface ViewSubmissionInput {
  callbackId: string;
  privateMetadata: string;
  /** `state.values`: block id → action id → typed text. */
  values: Record<string, Record<string, string>>;
  userId?: string;
  teamId?: string;
}

/** A modal's submit, as Slack sends it (plain text inputs only). */
export function sendViewSubmission(
  baseUrl: string,
  secret: string,
  input: ViewSubmissionInput,
  opts: SignOptions = {},
): Promise<SlackHttpResult> {
  const teamId = input.teamId ?? DEFAULT_TEAM_ID;
  const values = Object.fromEntries(
    Object.entries(input.values).map(([block, actions]) => [
      block,
      Object.fromEntries(
        Object.entries(actions).map(([action, value]) => [action, { type: 'plain_text_input', value }]),
      ),
    ]),
  );
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: DEFAULT_TEAM_DOMAIN },
    user: { id: input.userId ?? DEFAULT_USER_ID, username: 'oncall', name: 'oncall', team_id: teamId },
    api_app_id: DEFAULT_APP_ID,
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    view: {
      id: randomId('V'),
      team_id: teamId,
      type: 'modal',
      callback_id: input.callbackId,
      private_metadata: input.privateMetadata,
      state: { values },
      hash: randomId('h'),
      blocks: [],
      title: { type: 'plain_text', text: 'modal' },
      app_id: DEFAULT_APP_ID,
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return sendInteraction(baseUrl, secret, payload, opts);
}
