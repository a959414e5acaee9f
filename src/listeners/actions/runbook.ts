/** The runbook button is a link; Slack still sends an action, which only needs an ack. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

export const runbookLink = async ({
  ack,
}: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
  await ack();
};
