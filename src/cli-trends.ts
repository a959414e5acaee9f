/**
 * `pipeline-bot trends [days]`: the trends as text, and the charts written to DATA_DIR/charts/ (their
 * paths printed). Exit 0, or 2 on bad arguments.
 */
import { join } from 'node:path';
import { TerminalChat } from './adapters/local/terminal-chat.js';
import { attachCharts } from './charts/deliver.js';
import { parseCommand } from './commands/parse.js';
import type { Deps } from './deps.js';
import { buildTrends, trendsCharts } from './trends/build.js';
import { renderMessage } from './views/terminal.js';
import { trendsView } from './views/trends.js';

export async function trendsCommand(
  deps: Deps,
  args: string[],
  out: (line: string) => void,
): Promise<number> {
  const parsed = parseCommand(['trends', ...args].join(' '), deps.clock.now(), deps.config.timezone);
  if (parsed.kind !== 'trends') {
    out(`pipeline-bot: ${parsed.kind === 'error' ? parsed.message : 'usage: trends [days]'}`);
    return 2;
  }
  const model = await buildTrends(deps, parsed.days);
  out(renderMessage(trendsView(model)));
  const charts = trendsCharts(model);
  if (!deps.charts || !charts.length) return 0;
  const files = new TerminalChat(out, {}, join(deps.config.dataDir, 'charts'));
  const error = await attachCharts(files, deps.charts, { channel: 'terminal' }, charts);
  if (error) out(`pipeline-bot: a chart could not be written: ${error}`);
  return 0;
}
