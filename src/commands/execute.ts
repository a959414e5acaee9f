/** Executes a parsed command and returns a view. Shared by the slash command and the CLI. */
import type { Deps } from '../deps.js';
import { buildStatus } from '../pipeline/status.js';
import type { Message } from '../views/blocks.js';
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
    case 'completeness':
    case 'heal':
    case 'history':
      return errorView(`\`${cmd.kind}\` is not available yet in this version of pipeline-bot.`);
  }
}
