/** `/pipeline help` (USAGE's lines, with a plain-text fallback) and plain error replies. Pure. */
import { USAGE } from '../commands/parse.js';
import { context, type Message, section } from './blocks.js';

/** Why derived: the sub-commands USAGE documents, in its order, so the fallback text never goes stale. */
const SUBCOMMANDS = USAGE.flatMap((line) => /^`\/pipeline (\w+)/.exec(line)?.[1] ?? []);

export function helpView(error?: string): Message {
  const body = USAGE.map((u) => `• ${u}`).join('\n');
  const text = error
    ? `:warning: ${error}\n\n${body}`
    : `*pipeline-bot* watches the daily pipeline.\n${body}`;
  return {
    text: `${error ? `${error} ` : ''}Usage: /pipeline ${SUBCOMMANDS.join('|')}`,
    blocks: [section(text), context('Replies are only visible to you.')],
  };
}

export function errorView(message: string): Message {
  return { text: message, blocks: [section(`:warning: ${message}`)] };
}
