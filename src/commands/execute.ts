/** Executes a parsed command and returns a view. Shared by the slash command and the CLI. */
import { readCompleteness } from '../checks/completeness.js';
import type { Deps } from '../deps.js';
import { buildStatus } from '../pipeline/status.js';
import type { Message } from '../views/blocks.js';
import { completenessView } from '../views/completeness.js';
import { errorView, helpView } from '../views/help.js';
import { statusView } from '../views/status.js';
import type { Command } from './parse.js';

export interface Caller {
  userId: string;
  source: 'slash' | 'cli';
}

export async function executeCommand(cmd: Command, deps: Deps, _caller: Caller): Promise<Message> {
  switch (cmd.kind) {
    case 'help':
      return helpView();
    case 'error':
      return helpView(cmd.message);
    case 'status': {
      const model = await buildStatus(deps, deps.clock.now(), { runDate: cmd.date });
      return statusView(model);
    }
    case 'completeness': {
      if (!deps.warehouse)
        return errorView('`completeness` needs the warehouse (BigQuery), which is not configured.');
      const days = cmd.days ?? deps.config.checks.completeness.lookback_days;
      return completenessView(
        await readCompleteness(deps.warehouse, deps.config, deps.clock.now(), days),
        days,
      );
    }
    case 'heal':
    case 'history':
      return errorView(`\`${cmd.kind}\` is not available yet in this version of pipeline-bot.`);
  }
}
