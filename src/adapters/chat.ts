/**
 * The one chat factory of the app and the CLI: Slack's Web API when Slack is configured (its module is
 * loaded only then, so local mode and most CLI commands never load Bolt or the Web API), else the terminal.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Chat } from '../ports.js';
import { TerminalChat } from './local/terminal-chat.js';

export interface ChatOptions {
  /** Where the terminal chat prints. */
  out: (line: string) => void;
  log?: Logger;
  /** Slack's per-channel posting interval (tests shorten it). */
  minPostIntervalMs?: number;
}

export async function createChat(config: Config, opts: ChatOptions): Promise<Chat> {
  const token = config.slack.botToken;
  // Local mode writes chart images under DATA_DIR/charts/.
  if (config.slackMode === 'none' || !token)
    return new TerminalChat(opts.out, {}, join(config.dataDir, 'charts'));
  const { SlackChat } = await import('./slack/chat.js');
  return new SlackChat(token, {
    apiUrl: config.slack.apiUrl,
    minPostIntervalMs: opts.minPostIntervalMs,
    log: opts.log,
  });
}
