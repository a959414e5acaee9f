/** Registers every listener, one per file (commands/, actions/, events/). */
import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { registerPipelineCommand } from './commands/pipeline.js';

export function register(app: App, deps: Deps): void {
  registerPipelineCommand(app, deps);
  app.error(async (error) => {
    // Backstop: anything a listener did not handle is logged with its code, never swallowed.
    deps.log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled Slack listener error');
  });
}
