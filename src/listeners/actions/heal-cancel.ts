/** Cancel on the `/pipeline heal` prompt: the prompt is replaced, nothing is recorded or run. */

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { LISTENER_REPLIES } from '../../views/listener-replies.js';

export const healCancelButton = async ({
  ack,
  respond,
}: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
  await ack();
  await respond({ response_type: 'ephemeral', replace_original: true, text: LISTENER_REPLIES.healCancelled });
};
