/**
 * `pipeline-bot digest [--post]`: print today's digest, or post it to the digest channel (Slack when a bot
 * token is configured, else the terminal). `--post` posts even if today's was already posted (an explicit
 * request) and records the day, so the schedule does not post a second one.
 */

import { digestChannel, runDailyDigest } from './daily-digest.js';
import type { Deps } from './deps.js';
import { buildDigest } from './digest/model.js';
import type { Chat } from './ports.js';
import { digestView } from './views/digest.js';
import { renderMessage } from './views/terminal.js';

/** Why a constant: the CLI's usage error repeats this line as SPEC §7 writes it. */
export const DIGEST_USAGE = 'digest [--post]';

export async function digestCommand(
  deps: Deps,
  args: string[],
  out: (line: string) => void,
  /** The chat to post to when the deps have none (the CLI's: Slack if configured, else the terminal). */
  makeChat: () => Promise<Chat> = () => Promise.reject(new Error('no chat to post the digest to')),
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
  const chat = deps.chat ?? (await makeChat());
  const r = await runDailyDigest({ ...deps, chat }, 'cli', { force: true });
  if (r.outcome === 'posted') {
    if (digestChannel(deps) !== 'terminal')
      out(`Posted the digest for ${r.date} to ${r.channel} (ts ${r.ts}).`);
    return 0;
  }
  out(`pipeline-bot: the digest for ${r.date} was not posted: ${r.outcome}${r.error ? ` (${r.error})` : ''}`);
  return 1;
}
