/** Cancel on the `/pipeline heal` prompt: the prompt is replaced, nothing is recorded or run. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

/** Why a constant: the prompt it replaces must say plainly that nothing ran; tests compare it. */
export const HEAL_CANCELLED_TEXT = 'Heal cancelled; nothing was run.';

export const healCancelButton = async ({
  ack,
  respond,
}: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
  await ack();
  await respond({ response_type: 'ephemeral', replace_original: true, text: HEAL_CANCELLED_TEXT });
};
