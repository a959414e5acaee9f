/**
 * Replay / Mark handled on a dead-letter alert (one factory, the handling as its argument): ack, one
 * service call, an ephemeral answer, and a note in the alert's thread when messages were handled.
 */

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import type { DlqActionOutcome } from '../../dlq/service.js';
import type { DlqHandling } from '../../dlq/types.js';
import { errorRef } from '../../util/error-ref.js';
import { dlqOutcomeText } from '../../views/dlq.js';
import { dlqStoreSilent, LISTENER_REPLIES } from '../../views/listener-replies.js';
import { decodeValue, dlqValue } from '../../views/values.js';
import { ephemeral, withinAnswerTime } from '../respond.js';

export function dlqButton(deps: Pick<Deps, 'dlq' | 'alerts' | 'config' | 'log'>, how: DlqHandling) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeValue(dlqValue, action.value);
    if (!value) return ephemeral(respond, LISTENER_REPLIES.badButton);
    if (!deps.dlq) return ephemeral(respond, LISTENER_REPLIES.dlqOff);
    let outcome: DlqActionOutcome;
    try {
      outcome = await withinAnswerTime(
        deps,
        deps.dlq.act(value.s, how, body.user.id),
        'the dead-letter store',
      );
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref, subscription: value.s, how }, 'dead-letter action failed');
      return ephemeral(respond, dlqStoreSilent(ref));
    }
    // The user hears what happened first; a failure to note it on the alert is logged, not shown as a failure.
    const text = dlqOutcomeText(outcome, body.user.id);
    await ephemeral(respond, text);
    if (outcome.kind === 'done' && outcome.handled.length) {
      await deps.alerts
        ?.note(`dlq:${value.s}`, text)
        .catch((err) =>
          deps.log.error({ err, subscription: value.s }, 'could not note the dead-letter action'),
        );
    }
  };
}
