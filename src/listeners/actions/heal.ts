import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { linkHealToAlerts } from '../../heal/alert-link.js';
import type { HealSource } from '../../heal/ports.js';
import { errorRef } from '../../util/error-ref.js';
import { ACTION_IDS } from '../../views/action-ids.js';
import { healOutcomeView } from '../../views/heal.js';
import { decodeValue, healValue } from '../../views/values.js';
import { replyToUser } from '../respond.js';

/**
 * The heal button (alert, status, App Home) and the Confirm / Cancel of `/pipeline heal`. The value only
 * names transition and date; the heal service re-validates both against config, re-checks the user's
 * permission and re-reads the completion document before anything runs.
 */
export function registerHealActions(app: App, deps: Deps): void {
  const run =
    (source: HealSource) =>
    async ({
      ack,
      body,
      action,
      respond,
    }: Parameters<Parameters<typeof app.action<BlockButtonAction>>[1]>[0]) => {
      await ack();
      const responseUrl = 'response_url' in body ? (body.response_url as string | undefined) : undefined;
      const reply = (m: Parameters<typeof replyToUser>[4]) =>
        replyToUser(respond, responseUrl, deps.chat, body.user.id, m);
      const value = decodeValue(healValue, action.value);
      if (!value) return reply({ text: 'That heal button is not valid (bad value); nothing was run.' });
      if (!deps.heal) return reply({ text: 'Heals are not enabled on this bot.' });
      let outcome: Awaited<ReturnType<typeof deps.heal.heal>>;
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
          text: `Sorry, the heal failed unexpectedly (error ${ref} in the log). Check \`/pipeline history\` before trying again.`,
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

  app.action<BlockButtonAction>(ACTION_IDS.heal, run('button'));
  app.action<BlockButtonAction>(ACTION_IDS.healConfirm, run('slash'));
  app.action<BlockButtonAction>(ACTION_IDS.healCancel, async ({ ack, respond }) => {
    await ack();
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: 'Heal cancelled; nothing was run.',
    });
  });
}
