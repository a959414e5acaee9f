/**
 * Calling a Slack listener directly, as Bolt would: middleware arguments whose `ack`, `respond`,
 * `client.views.*` and `next` record every call, in order, in one log that the fake services of a test
 * share — so a test asserts "ack first, exactly once, then the one service call, then the reply". The
 * payloads are the fields Slack sends that the listeners read (the signed-HTTP shapes are in
 * slack-requests.ts); a logger that keeps its lines shows what went to the log instead of to the user.
 */
import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  BlockAction,
  ButtonAction,
  OverflowAction,
  RespondArguments,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import pino from 'pino';
import { expect } from 'vitest';
import type { Logger } from '../../src/log.js';

/** Why these ids: the user and channel the signed-HTTP tests use too. */
export const USER = 'U0ONCALL1';
export const CHANNEL = 'C0ALERTS';
/** Why a fixed URL: nothing is sent to it; `respond` is the fake below. */
const RESPONSE_URL = 'http://127.0.0.1:9/respond/fake';

export interface Call {
  name: string;
  args: unknown[];
}

/** Every call a listener made, in order: Bolt's functions and the fake services alike. */
export class CallLog {
  readonly calls: Call[] = [];

  /** A function that records `name` with its arguments, then returns what `impl` returns. */
  fn<A extends unknown[], R>(name: string, impl: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.calls.push({ name, args });
      return impl(...args);
    };
  }

  names(): string[] {
    return this.calls.map((c) => c.name);
  }

  /** The first argument of each call named `name`. */
  firstArgs<T>(name: string): T[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args[0] as T);
  }
}

/** A pino logger whose lines are kept (parsed), to assert what reached the log. */
export function recordingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

export interface ClickOptions {
  user?: string;
  /** `null`: a click with no response_url (App Home), so no `respond` either, as Bolt gives it. */
  responseUrl?: string | null;
}

/** The shared part of every listener's arguments: the recording ack, respond, client and next. */
function common(log: CallLog, responseUrl: string | null) {
  const ok = async () => ({ ok: true });
  return {
    ack: log.fn('ack', async (_response?: unknown) => {}),
    respond:
      responseUrl === null ? undefined : log.fn('respond', async (_m: RespondArguments | string) => ok()),
    next: log.fn('next', async () => {}),
    client: { views: { open: log.fn('client.views.open', ok), publish: log.fn('client.views.publish', ok) } },
    context: { isEnterpriseInstall: false },
    logger: pino({ level: 'silent' }),
    say: log.fn('say', ok),
  };
}

function blockActions<A extends { action_id: string }>(log: CallLog, action: A, opts: ClickOptions) {
  const responseUrl = opts.responseUrl === undefined ? RESPONSE_URL : opts.responseUrl;
  const body = {
    type: 'block_actions',
    user: { id: opts.user ?? USER, username: 'oncall', team_id: 'T0TEAM' },
    team: { id: 'T0TEAM', domain: 'pipeline-test' },
    api_app_id: 'A0PIPEBOT',
    token: 'legacy-verification-token',
    trigger_id: '1.2.trigger',
    container: responseUrl === null ? { type: 'view', view_id: 'V0HOME' } : { type: 'message' },
    actions: [action],
    ...(responseUrl === null ? {} : { response_url: responseUrl }),
  };
  return { ...common(log, responseUrl), body, action, payload: action };
}

/** A button click (`value` as the button carries it). */
export function buttonClick(
  log: CallLog,
  actionId: string,
  value: string | undefined,
  opts: ClickOptions = {},
): SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs {
  const action = { type: 'button', action_id: actionId, block_id: 'b', action_ts: '1.1', value };
  return blockActions(log, action, opts) as unknown as SlackActionMiddlewareArgs<BlockAction<ButtonAction>> &
    AllMiddlewareArgs;
}

/** A choice in a static select (`value` is `selected_option.value`; undefined: none selected). */
export function selectChoice(
  log: CallLog,
  actionId: string,
  value: string | undefined,
  opts: ClickOptions = {},
): SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs {
  const selected_option =
    value === undefined ? undefined : { text: { type: 'plain_text', text: 'x' }, value };
  const action = {
    type: 'static_select',
    action_id: actionId,
    block_id: 'b',
    action_ts: '1.1',
    selected_option,
  };
  return blockActions(log, action, opts) as unknown as SlackActionMiddlewareArgs<
    BlockAction<StaticSelectAction>
  > &
    AllMiddlewareArgs;
}

/** A choice in an overflow menu. */
export function overflowChoice(
  log: CallLog,
  actionId: string,
  value: string | undefined,
  opts: ClickOptions = {},
): SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs {
  const selected_option =
    value === undefined ? undefined : { text: { type: 'plain_text', text: 'x' }, value };
  const action = { type: 'overflow', action_id: actionId, block_id: 'b', action_ts: '1.1', selected_option };
  return blockActions(log, action, opts) as unknown as SlackActionMiddlewareArgs<
    BlockAction<OverflowAction>
  > &
    AllMiddlewareArgs;
}

/** Any click, as the global middleware sees it (for the unknown-button middleware). */
export function anyClick(
  log: CallLog,
  actionId: string | undefined,
  opts: ClickOptions = {},
): AnyMiddlewareArgs & AllMiddlewareArgs {
  const action = { type: 'button', action_id: actionId, block_id: 'b', action_ts: '1.1', value: '{}' };
  return blockActions(log, action as { action_id: string }, opts) as unknown as AnyMiddlewareArgs &
    AllMiddlewareArgs;
}

/** `/pipeline <text>` from `user` in `channel`. */
export function slashCommand(
  log: CallLog,
  text: string,
  opts: { user?: string; channel?: string } = {},
): SlackCommandMiddlewareArgs & AllMiddlewareArgs {
  const command = {
    token: 'legacy-verification-token',
    command: '/pipeline',
    text,
    user_id: opts.user ?? USER,
    user_name: 'oncall',
    channel_id: opts.channel ?? CHANNEL,
    channel_name: 'pipeline-alerts',
    team_id: 'T0TEAM',
    team_domain: 'pipeline-test',
    api_app_id: 'A0PIPEBOT',
    response_url: RESPONSE_URL,
    trigger_id: '1.2.trigger',
  };
  return {
    ...common(log, RESPONSE_URL),
    command,
    body: command,
    payload: command,
  } as unknown as SlackCommandMiddlewareArgs & AllMiddlewareArgs;
}

/** A modal's submit: `values` is block id → action id → typed text. */
export function viewSubmission(
  log: CallLog,
  callbackId: string,
  privateMetadata: string,
  values: Record<string, Record<string, string>>,
  opts: { user?: string } = {},
): SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs {
  const state = {
    values: Object.fromEntries(
      Object.entries(values).map(([block, inputs]) => [
        block,
        Object.fromEntries(
          Object.entries(inputs).map(([action, value]) => [action, { type: 'plain_text_input', value }]),
        ),
      ]),
    ),
  };
  const view = {
    id: 'V0MODAL',
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    state,
  };
  const body = { type: 'view_submission', user: { id: opts.user ?? USER, name: 'oncall' }, view };
  return {
    ...common(log, null),
    body,
    view,
    payload: view,
  } as unknown as SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
}

/** `app_home_opened` for `user` on `tab` (no `ack`, as Bolt gives event listeners none). */
export function appHomeOpenedEvent(
  log: CallLog,
  user = USER,
  tab: 'home' | 'messages' = 'home',
): SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs {
  const event = { type: 'app_home_opened', user, channel: 'D0BOTDM', tab, event_ts: '1.1' };
  // Bolt acks events itself: an event listener gets no `ack`.
  const { ack: _none, ...args } = common(log, null);
  return {
    ...args,
    event,
    payload: event,
    body: { type: 'event_callback', event },
  } as unknown as SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;
}

/** Some methods of `T`, with the real arguments and any result. */
export type FakeMethods<T> = {
  [K in keyof T]?: T[K] extends (...args: infer A) => unknown ? (...args: A) => unknown : never;
};

/**
 * A fake of a service class (AlertService, HealService …): only the methods given, each recorded in the
 * log as `name.method`; a listener calling any other method fails the test with a TypeError. The
 * arguments are typed as the real method's; what a fake returns is only what the listener reads (the
 * rest of a service's outcome belongs to the service's own tests).
 */
export function fakeService<T>(log: CallLog, name: string, methods: FakeMethods<T>): T {
  const recorded = Object.entries(methods).map(([method, impl]) => [
    method,
    log.fn(`${name}.${method}`, impl as (...args: unknown[]) => unknown),
  ]);
  return Object.fromEntries(recorded) as T;
}

/**
 * A failure answered as the product bar asks: the user's text carries a six-hex error reference ("error
 * a1b2c3" or "logged as a1b2c3") and no stack trace or raw error; the log has the raw error (`rawError`
 * in its message) under the same reference.
 */
export function expectErrorReply(text: string, lines: Record<string, unknown>[], rawError: string): void {
  const ref = /(?:error|logged as) ([0-9a-f]{6})\b/.exec(text)?.[1];
  expect(ref, text).toBeDefined();
  expect(text).not.toMatch(/\n\s+at |TypeError|Error:/);
  expect(text).not.toContain(rawError);
  const logged = lines.find((l) => l.ref === ref);
  expect(logged, `a log line with ref ${ref}`).toBeDefined();
  expect(JSON.stringify(logged)).toContain(rawError);
}
