/**
 * The *Add note…* modal's submission. An empty note or a form whose alert reference does not decode is
 * answered in the modal itself (`response_action: errors`); a good one closes it, adds the note (one
 * service call) and, only when that fails, tells the user by direct message (a modal has no response_url).
 */

import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { errorRef } from '../../util/error-ref.js';
import { LISTENER_REPLIES, noteFailed } from '../../views/listener-replies.js';
import { MODAL_INPUTS } from '../../views/modals.js';
import { alertValue, decodeValue } from '../../views/values.js';
import { readInput, tellUser } from '../modal-input.js';
import { withinAnswerTime } from '../respond.js';

export function noteModalSubmit(deps: Pick<Deps, 'alerts' | 'chat' | 'config' | 'log'>) {
  return async ({
    ack,
    body,
    view,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const fp = decodeValue(alertValue, view.private_metadata)?.fp;
    const text = readInput(view, MODAL_INPUTS.note);
    const block = MODAL_INPUTS.note.block;
    if (!fp) return ack({ response_action: 'errors', errors: { [block]: LISTENER_REPLIES.formGone } });
    if (!text) return ack({ response_action: 'errors', errors: { [block]: LISTENER_REPLIES.noteEmpty } });
    await ack();
    const adding = deps.alerts?.addNote(fp, body.user.id, text);
    const outcome = await (adding && withinAnswerTime(deps, adding, 'the alert store'))?.catch((err) => {
      const ref = errorRef();
      deps.log.error({ err, ref, fingerprint: fp }, 'add note failed');
      return { ok: false as const, message: noteFailed(ref) };
    });
    if (!outcome?.ok) await tellUser(deps, body.user.id, outcome?.message ?? LISTENER_REPLIES.alertsOff);
  };
}
