/**
 * The *Mute similar…* modal's submission: its three inputs are parsed as `/pipeline mute` would parse
 * them; bad input is answered under the input it is about (`response_action: errors`, the same messages
 * as the command); a good one closes the modal, creates the silence (one service call) and tells the user
 * by direct message (a modal has no response_url).
 */

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { executeCommand } from '../../commands/execute.js';
import { parseCommand } from '../../commands/parse.js';
import type { Deps } from '../../deps.js';
import { DeadlineError } from '../../util/deadline.js';
import { errorRef } from '../../util/error-ref.js';
import { muteFailed } from '../../views/listener-replies.js';
import { MODAL_INPUTS } from '../../views/modals.js';
import { readInput, tellUser } from '../modal-input.js';
import { withinAnswerTime } from '../respond.js';

/** Modal errors are plain text: drop the mrkdwn code marks and entities of the shared parser messages. */
const plain = (message: string) =>
  message.replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Which input a `mute` parse error is about, so Slack shows it under that box. */
function blockFor(message: string): string {
  if (/say why|reason/.test(message)) return MODAL_INPUTS.reason.block;
  if (/duration|until|how long|too long|negative|zero/.test(message)) return MODAL_INPUTS.duration.block;
  return MODAL_INPUTS.matchers.block;
}

export function muteModalSubmit(deps: Deps) {
  return async ({
    ack,
    body,
    view,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const words = [MODAL_INPUTS.matchers, MODAL_INPUTS.duration, MODAL_INPUTS.reason].map((ids) =>
      readInput(view, ids),
    );
    const transitions = deps.config.transitions.map((t) => t.id);
    const cmd = parseCommand(`mute ${words.join(' ')}`, deps.clock.now(), deps.config.timezone, transitions);
    if (cmd.kind === 'error') {
      return ack({ response_action: 'errors', errors: { [blockFor(cmd.message)]: plain(cmd.message) } });
    }
    await ack();
    try {
      const reply = await withinAnswerTime(
        deps,
        executeCommand(cmd, deps, { userId: body.user.id, source: 'slash' }),
        'the silence store',
      );
      await tellUser(deps, body.user.id, reply.text);
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref }, 'mute from the alert menu failed');
      await tellUser(deps, body.user.id, muteFailed(ref, err instanceof DeadlineError));
    }
  };
}
