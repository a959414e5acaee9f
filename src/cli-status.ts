/**
 * `pipeline-bot status [date]` in local mode: the embedded store read directly and the status view, without
 * wiring the services (alerts, heals, checks, digest) the other commands need — the CLI's quick look.
 * gcp mode goes through `cli-backend.ts` like every other command.
 */
import { userInfo } from 'node:os';
import { openLocal } from './adapters/local/open.js';
import type { CliIo } from './cli-io.js';
import { CLI_USAGE } from './cli-usage.js';
import { parseCommand } from './commands/parse.js';
import { statusAnswer, type WarnLog } from './commands/status.js';
import type { Config } from './config.js';
import { systemClock } from './ports.js';
import { renderMessage } from './views/terminal.js';

/** Exit 0 with the status printed; 2 when the arguments are not a status command. */
export async function localStatusCommand(rest: string[], config: Config, io: CliIo): Promise<number> {
  const clock = systemClock;
  const parsed = parseCommand(
    ['status', ...rest].join(' '),
    clock.now(),
    config.timezone,
    config.transitions.map((t) => t.id),
  );
  if (parsed.kind !== 'status') {
    io.err(
      `pipeline-bot: ${parsed.kind === 'error' ? parsed.message : 'not a status command'}\n\n${CLI_USAGE}`,
    );
    return 2;
  }
  const log = lazyLog(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const local = await openLocal(config, clock);
  try {
    const deps = {
      config,
      clock,
      log,
      completions: local.simulating,
      schedule: local.schedule,
      alertStore: local.alerts,
    };
    const view = await statusAnswer(deps, parsed.date, { userId: userInfo().username, source: 'cli' });
    io.out(renderMessage(view, { color: io.color }));
    return 0;
  } finally {
    local.close();
  }
}

/** Why lazy: status logs only when the open alerts cannot be read, and pino is a good part of its start-up. */
function lazyLog(level: Config['logLevel']): WarnLog {
  return {
    warn: (fields, message) =>
      void import('./log.js').then(({ createLogger }) => createLogger(level).warn(fields, message)),
  };
}
