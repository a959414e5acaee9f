/** `/pipeline …`: ack at once (Slack's 3-second limit), one service call, answer through `respond`. */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCommand } from '../../commands/answer.js';
import type { Deps } from '../../deps.js';

export function pipelineCommand(deps: Deps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
    // answerCommand never throws: a failure or a timeout comes back as a bot-written error view.
    const message = await answerCommand(command.text ?? '', deps, {
      userId: command.user_id,
      source: 'slash',
      channelId: command.channel_id,
    });
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}
