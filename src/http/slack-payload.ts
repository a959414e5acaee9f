/**
 * What may reach Bolt: the body of a signed request parsed and checked for the shape Slack sends
 * (slash command form, interactive `payload=` JSON, Events API JSON). Anything else is refused with 400
 * here, so no input can reach a throw in Bolt or a listener that expects `user.id` or `actions[0]`. Pure.
 */

export type SlackBody = Record<string, unknown>;

export type ParsedSlackBody =
  | { ok: true; kind: 'ssl_check' }
  | { ok: true; kind: 'url_verification'; challenge: string }
  | { ok: true; kind: 'event'; body: SlackBody }
  | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Why a table: the interactive payload types accepted, each with what it must carry; others get 400. */
const INTERACTIVE: Record<string, (p: SlackBody) => string | undefined> = {
  block_actions: (p) =>
    Array.isArray(p.actions) &&
    p.actions.length > 0 &&
    p.actions.every((a) => isObject(a) && isString(a.action_id))
      ? undefined
      : 'block_actions without a list of actions',
  view_submission: (p) => (isObject(p.view) ? undefined : 'view_submission without a view'),
  view_closed: (p) => (isObject(p.view) ? undefined : 'view_closed without a view'),
  block_suggestion: (p) => (isString(p.action_id) ? undefined : 'block_suggestion without an action_id'),
  shortcut: (p) => (isString(p.callback_id) ? undefined : 'shortcut without a callback_id'),
  message_action: (p) => (isString(p.callback_id) ? undefined : 'message_action without a callback_id'),
};

/** The parsed JSON, or `undefined` when the text is not JSON. */
function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function interactive(json: string): ParsedSlackBody {
  const payload = jsonOf(json);
  if (!isObject(payload)) return { ok: false, reason: 'payload is not a JSON object' };
  if (!isString(payload.type) || !(payload.type in INTERACTIVE))
    return { ok: false, reason: 'unknown payload type' };
  if (!isObject(payload.user) || !isString(payload.user.id))
    return { ok: false, reason: 'payload without a user' };
  const problem = INTERACTIVE[payload.type]!(payload);
  return problem ? { ok: false, reason: problem } : { ok: true, kind: 'event', body: payload };
}

function form(raw: string): ParsedSlackBody {
  const params = new URLSearchParams(raw);
  if (params.get('ssl_check') === '1') return { ok: true, kind: 'ssl_check' };
  const payload = params.get('payload');
  if (payload !== null) return interactive(payload);
  const body: SlackBody = Object.fromEntries(params);
  if (!isString(body.command) || !body.command.startsWith('/'))
    return { ok: false, reason: 'not a slash command' };
  if (!isString(body.user_id) || !body.user_id) return { ok: false, reason: 'slash command without user_id' };
  body.text ??= '';
  return { ok: true, kind: 'event', body };
}

function events(raw: string): ParsedSlackBody {
  const body = jsonOf(raw);
  if (!isObject(body) || !isString(body.type))
    return { ok: false, reason: 'body is not a Slack event object' };
  if (body.type === 'url_verification') {
    return isString(body.challenge)
      ? { ok: true, kind: 'url_verification', challenge: body.challenge }
      : { ok: false, reason: 'url_verification without a challenge' };
  }
  if (body.type !== 'event_callback') return { ok: false, reason: 'unknown event envelope' };
  if (!isObject(body.event) || !isString(body.event.type))
    return { ok: false, reason: 'event_callback without an event' };
  return { ok: true, kind: 'event', body };
}

export function parseSlackBody(contentType: string | undefined, raw: string): ParsedSlackBody {
  return (contentType ?? '').toLowerCase().includes('application/json') ? events(raw) : form(raw);
}
