/**
 * `pipeline-bot digest [--post]`: print today's digest, or post it to the digest channel (Slack when a bot
 * token is configured, else the terminal). `--post` posts even if today's was already posted (an explicit
 * request) and records the day, so the schedule does not post a second one.
 */
import { join } from 'node:path';
import { TerminalChat } from '../adapters/local/terminal-chat.js';
import { SlackChat } from '../adapters/slack/chat.js';
import type { Deps } from '../deps.js';
import { digestView } from '../views/digest.js';
import { renderMessage } from '../views/terminal.js';
import { buildDigest } from './model.js';
import { digestChannel, runDailyDigest } from './service.js';

export const DIGEST_USAGE = 'digest [--post]';

export async function digestCommand(
  deps: Deps,
  args: string[],
  out: (line: string) => void,
): Promise<number> {
  const unknown = args.filter((a) => a !== '--post');
  if (unknown.length) {
    out(
      `pipeline-bot: unexpected argument(s) for digest: ${unknown.join(' ')}\nUsage: pipeline-bot ${DIGEST_USAGE}`,
    );
    return 2;
  }
  if (!args.includes('--post')) {
    out(renderMessage(digestView(await buildDigest(deps, deps.clock.now()))));
    return 0;
  }
  const { config } = deps;
  const chat =
    deps.chat ??
    (config.slackMode !== 'none' && config.slack.botToken
      ? new SlackChat(config.slack.botToken, { apiUrl: config.slack.apiUrl })
      : new TerminalChat(out, {}, join(config.dataDir, 'charts')));
  const r = await runDailyDigest({ ...deps, chat }, 'cli', { force: true });
  if (r.outcome === 'posted') {
    if (digestChannel(deps) !== 'terminal')
      out(`Posted the digest for ${r.date} to ${r.channel} (ts ${r.ts}).`);
    return 0;
  }
  out(`pipeline-bot: the digest for ${r.date} was not posted: ${r.outcome}${r.error ? ` (${r.error})` : ''}`);
  return 1;
}
