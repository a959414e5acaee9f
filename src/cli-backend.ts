/**
 * The CLI commands that work over the configured backend (check, status in gcp mode, completeness, heal,
 * history, trends, ack, snooze, dlq, digest, mute, mutes, unmute, routes): loaded by `src/cli.ts` only
 * for them, so `help` and local `status` start without the services, views and clients.
 */
import { userInfo } from 'node:os';
import { createChat } from './adapters/chat.js';
import { createBackend } from './adapters/index.js';
import { exitCodeFor } from './checks/runner.js';
import { alertCommand } from './cli-alerts.js';
import { digestCommand } from './cli-digest.js';
import { cliHeal } from './cli-heal.js';
import type { CliIo } from './cli-io.js';
import { trendsCommand } from './cli-trends.js';
import { CLI_USAGE } from './cli-usage.js';
import { executeCommand } from './commands/execute.js';
import { parseCommand } from './commands/parse.js';
import type { Config } from './config.js';
import { createLogger } from './log.js';
import { localDateTime } from './pipeline/dates.js';
import { systemClock } from './ports.js';
import { createDeps } from './service.js';
import type { Message } from './views/blocks.js';
import { checkReportView } from './views/checks.js';
import { renderMessage } from './views/terminal.js';

/** Runs `cmd` over the backend `config` names; exit 0 done, 1 refused or found, 2 usage. */
export async function backendCommand(
  cmd: string,
  rest: string[],
  config: Config,
  io: CliIo,
): Promise<number> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const clock = systemClock;
  const backend = await createBackend(config, clock, log);
  // ack/snooze edit the alert where it was posted: they need the chat (Slack if configured, else the terminal).
  const alertAction = cmd === 'ack' || cmd === 'snooze';
  const chat = alertAction ? await createChat(config, { out: io.out, log }) : undefined;
  const deps = createDeps(config, clock, log, backend, chat ? { chat, fallbackChannel: 'terminal' } : {});
  const show = (m: Message) => io.out(renderMessage(m, { color: io.color }));
  try {
    if (cmd === 'check') {
      const results = await deps.runChecksOnce();
      if (rest.includes('--json')) {
        io.out(JSON.stringify({ results }, null, 2));
      } else {
        const now = clock.now();
        show(checkReportView(results, localDateTime(now, config.timezone)));
      }
      return exitCodeFor(results);
    }
    if (alertAction) return await alertCommand(cmd, rest, deps, userInfo().username, io);
    if (cmd === 'digest')
      return await digestCommand(deps, rest, io.out, () => createChat(config, { out: io.out }));
    if (cmd === 'trends') return await trendsCommand(deps, rest, io.out);
    const parsed = parseCommand(
      [cmd, ...rest].join(' '),
      clock.now(),
      config.timezone,
      config.transitions.map((t) => t.id),
    );
    if (parsed.kind === 'error') {
      io.err(`pipeline-bot: ${parsed.message}\n\n${CLI_USAGE}`);
      return 2;
    }
    const caller = { userId: userInfo().username, source: 'cli' as const };
    if (parsed.kind === 'heal') return await cliHeal(parsed, deps, caller.userId, io);
    show(await executeCommand(parsed, deps, caller));
    return 0;
  } finally {
    await deps.close();
  }
}
