/** `/pipeline …`: ack at once (Slack's 3-second limit), one service call, answer through `respond`. */
import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCommand } from '../../commands/answer.js';
import type { Deps } from '../../deps.js';
import { SLASH_COMMAND } from '../../views/action-ids.js';

export function pipelineCommand(deps: Deps) {
  return async ({ command, ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack();
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

export function registerPipelineCommand(app: App, deps: Deps): void {
  app.command(SLASH_COMMAND, pipelineCommand(deps));
}
