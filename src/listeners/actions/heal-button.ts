/**
 * The heal button (alert, status, App Home: source `button`) and the Confirm of `/pipeline heal` (source
 * `slash`). The value only names transition and date; the heal service re-validates both against config,
 * re-checks the user's permission and re-reads the completion document before anything runs.
 */

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { linkHealToAlerts } from '../../alerts/heal-link.js';
import type { Deps } from '../../deps.js';
import type { HealOutcome } from '../../heal/index.js';
import { errorRef } from '../../util/error-ref.js';
import { healOutcomeView } from '../../views/heal.js';
import { healFailed, LISTENER_REPLIES } from '../../views/listener-replies.js';
import { decodeValue, healValue } from '../../views/values.js';
import { replyToUser, type UserReply } from '../respond.js';

export function healButton(
  deps: Pick<Deps, 'heal' | 'alerts' | 'chat' | 'log' | 'config' | 'clock'>,
  source: 'button' | 'slash',
) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // A click on the App Home tab has no response_url: the reply is then a direct message.
    const responseUrl: string | undefined = body.response_url;
    const reply = (message: UserReply) => replyToUser(respond, responseUrl, deps.chat, body.user.id, message);
    const value = decodeValue(healValue, action.value);
    if (!value) return reply({ text: LISTENER_REPLIES.badHealButton });
    if (!deps.heal) return reply({ text: LISTENER_REPLIES.healsOff });
    let outcome: HealOutcome;
    try {
      outcome = await deps.heal.heal({
        transition: value.t,
        date: value.d,
        source,
        requestedBy: body.user.id,
        force: source === 'slash' && value.f === true,
      });
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref, transition: value.t, date: value.d }, 'heal failed unexpectedly');
      return reply({
        text: healFailed(ref),
      });
    }
    const clock = { tz: deps.config.timezone, now: deps.clock.now() };
    const view = healOutcomeView(outcome, clock);
    await reply({
      // The confirmation prompt is replaced by the outcome; an alert message is left to the alert service.
      replace_original: source === 'slash',
      text: view.text,
      blocks: view.blocks,
    });
    // The user already has the outcome; a failure to annotate the alert is logged, not shown.
    await linkHealToAlerts(deps.alerts, outcome, view.text).catch((err) =>
      deps.log.error({ err, heal_id: outcome.event?.heal_id }, 'could not show the heal on its alert'),
    );
  };
}
