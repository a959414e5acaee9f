/**
 * How listeners answer: an ephemeral reply, a reply to whoever clicked (respond or a direct message), and
 * the answer deadline every listener's one service call runs under.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps.js';
import type { Chat } from '../ports.js';
import { DeadlineError, withDeadline } from '../util/deadline.js';

/** A short reply only the clicking user sees, leaving the alert message itself untouched. */
export async function ephemeral(respond: RespondFn, text: string): Promise<void> {
  await respond({ response_type: 'ephemeral', replace_original: false, text });
}

/** What a listener tells the user: text, optional blocks, and whether it replaces the prompt clicked. */
export interface UserReply {
  text: string;
  blocks?: KnownBlock[];
  replace_original?: boolean;
}

/**
 * Replies to whoever clicked: through `respond` when the action came from a message, or as a direct
 * message when it has no `response_url` (App Home clicks) — the user always hears back.
 */
export async function replyToUser(
  respond: RespondFn | undefined,
  responseUrl: string | undefined,
  chat: Chat | undefined,
  userId: string,
  message: UserReply,
): Promise<void> {
  if (respond && responseUrl) {
    const args: RespondArguments = {
      response_type: 'ephemeral',
      replace_original: message.replace_original ?? false,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    };
    await respond(args);
    return;
  }
  if (!chat) throw new Error('no way to reply to the user (no response_url and no chat)');
  await chat.post({
    channel: userId,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
  });
}

/**
 * A listener's one service call, bounded by `limits.slash_answer_seconds`: after that the user is told
 * (by the caller's catch) instead of waiting on a backend that does not answer. The work is not cancelled.
 */
export function withinAnswerTime<T>(deps: Pick<Deps, 'config'>, work: Promise<T>, what: string): Promise<T> {
  const ms = deps.config.limits.slash_answer_seconds * 1000;
  return withDeadline(work, ms, () => new DeadlineError(`${what} did not answer within ${ms / 1000} s`));
}
