/**
 * A click on a button this version does not know (a message posted by an older or newer bot): global
 * middleware, so it runs before the action listeners; it acknowledges at once and tells the user, instead
 * of Slack's "didn't respond" after 3 seconds. Everything else passes on (`next()`).
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { ACTION_IDS } from '../../views/action-ids.js';
import { replyToUser } from '../respond.js';

/** Why a set: every action id this version handles; anything else is from another version. */
const KNOWN: ReadonlySet<string> = new Set(Object.values(ACTION_IDS));

/**
 * Why this text: it names the cause and the way out (`/pipeline status`) instead of Slack's "didn't respond";
 * exported because the receiver-guard integration test checks this exact answer arrives over HTTP.
 */
export const OLDER_BUTTON_TEXT =
  'This button is from an older version of the bot and does nothing now; use `/pipeline status` for current actions.';

export function unknownActions(deps: Pick<Deps, 'chat' | 'log'>) {
  return async (args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const { body, next } = args;
    if (body.type !== 'block_actions' || !('action' in args) || !('ack' in args)) return next();
    const actionId = (args.action as { action_id?: string }).action_id;
    if (actionId !== undefined && KNOWN.has(actionId)) return next();
    await args.ack();
    const responseUrl = (body as { response_url?: string }).response_url;
    const userId = (body as { user: { id: string } }).user.id;
    const respond = 'respond' in args ? args.respond : undefined;
    await replyToUser(respond, responseUrl, deps.chat, userId, { text: OLDER_BUTTON_TEXT }).catch((err) =>
      deps.log.warn({ err, actionId }, 'could not tell the user about an unknown button'),
    );
    deps.log.info({ actionId }, 'unknown action acknowledged');
  };
}
