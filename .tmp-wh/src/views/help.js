import { USAGE } from '../commands/parse.js';
import { context, section } from './blocks.js';
export function helpView(error) {
    const body = USAGE.map((u) => `• ${u}`).join('\n');
    const text = error
        ? `:warning: ${error}\n\n${body}`
        : `*pipeline-bot* watches the daily pipeline.\n${body}`;
    return {
        text: `${error ? `${error} ` : ''}Usage: /pipeline status|completeness|heal|history|help`,
        blocks: [section(text), context('Replies are only visible to you.')],
    };
}
export function errorView(message) {
    return { text: message, blocks: [section(`:warning: ${message}`)] };
}
//# sourceMappingURL=help.js.map