/** What the modal submissions share: reading a typed input, and telling the user by direct message. */
import type { ViewOutput } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { replyToUser } from './respond.js';

/** The trimmed text typed in one input of a submitted modal ('' when absent). */
export function readInput(view: ViewOutput, ids: { block: string; action: string }): string {
  return (view.state.values[ids.block]?.[ids.action]?.value ?? '').trim();
}

/** A direct message to the submitter; a failure to send it is logged, not thrown (the modal is closed). */
export function tellUser(deps: Pick<Deps, 'chat' | 'log'>, user: string, text: string): Promise<void> {
  return replyToUser(undefined, undefined, deps.chat, user, { text }).catch((err) =>
    deps.log.warn({ err }, 'could not tell the user about a modal submission'),
  );
}
