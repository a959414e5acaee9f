import { executeCommand } from '../../commands/execute.js';
import { parseCommand } from '../../commands/parse.js';
import { SLASH_COMMAND } from '../../views/action-ids.js';
import { errorView } from '../../views/help.js';
/** `/pipeline …`: ack at once (Slack's 3-second limit), then answer through `respond`. */
export function registerPipelineCommand(app, deps) {
    app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
        await ack();
        const cmd = parseCommand(command.text ?? '', deps.clock.now(), deps.config.timezone);
        let message;
        try {
            message = await executeCommand(cmd, deps, { userId: command.user_id, source: 'slash' });
        }
        catch (err) {
            deps.log.error({ err, command: cmd.kind }, 'slash command failed');
            message = errorView(`Sorry, \`${cmd.kind}\` failed: ${err.message}. The error is logged.`);
        }
        await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: message.blocks,
        });
    });
}
//# sourceMappingURL=pipeline.js.map