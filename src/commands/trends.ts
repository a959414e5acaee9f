/**
 * The `trends` answer: the text view, and its charts uploaded to the channel the slash command came from
 * (an ephemeral reply cannot carry files). A chart that cannot be attached is said in the reply.
 */

import { attachCharts } from '../charts/deliver.js';
import type { Deps } from '../deps.js';
import { buildTrends, DEFAULT_TREND_DAYS, trendsCharts } from '../trends/build.js';
import type { Message } from '../views/blocks.js';
import { context, esc } from '../views/blocks.js';
import { trendsView } from '../views/trends.js';
import type { Caller } from './caller.js';

export async function trendsAnswer(
  deps: Deps,
  caller: Pick<Caller, 'source' | 'channelId'>,
  days = DEFAULT_TREND_DAYS,
): Promise<Message> {
  const model = await buildTrends(deps, days);
  const view = trendsView(model);
  const charts = trendsCharts(model);
  if (!charts.length || caller.source !== 'slash' || !caller.channelId || !deps.chat?.upload || !deps.charts)
    return view;
  const error = await attachCharts(deps.chat, deps.charts, { channel: caller.channelId }, charts);
  const note = error
    ? `:warning: The charts could not be attached (${esc(error)}); the numbers above are the same.`
    : `${charts.length} chart(s) posted in this channel.`;
  return { ...view, blocks: [...view.blocks, context(note)] };
}
