#!/usr/bin/env node
/**
 * `pipeline-bot` CLI (SPEC §7): start · check [--json] · status [date] · completeness [days] ·
 * heal <target> [date] [--force] [--dry-run] [--yes] · history · digest [--post] · setup [--dry-run] · doctor.
 * Exit codes of `check`: 0 all ok, 1 something fires, 2 a check could not run.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { createBackend } from './adapters/index.js';
import { startApp } from './app.js';
import { exitCodeFor } from './checks/runner.js';
import { executeCommand } from './commands/execute.js';
import { parseCommand } from './commands/parse.js';
import { loadConfig } from './config.js';
import { digestCommand } from './digest/cli.js';
import { linkHealToAlerts } from './heal/alert-link.js';
import { createLogger } from './log.js';
import { localDate, localTime } from './pipeline/dates.js';
import { systemClock } from './ports.js';
import { createDeps } from './service.js';
import { describeStartupError } from './startup-error.js';
import { checkReportView } from './views/checks.js';
import { healOutcomeView } from './views/heal.js';
import { renderMessage } from './views/terminal.js';

const CLI_USAGE = `Usage: pipeline-bot <command>
  start                                   start the bot (local mode without credentials)
  check [--json]                          run every check once (exit 0 ok, 1 findings, 2 a check could not run)
  status [date]                           every transition for its current date (or the run of date)
  completeness [days]                     per-target completeness grid
  heal <target> [date] [--force] [--dry-run] [--yes]
  history [days]                          recent heals and alerts
  dlq                                     recent dead-lettered messages
  digest [--post]                         print (or post) the daily digest
  setup [--dry-run]                       create/update the BigQuery tables and Cloud Scheduler jobs (plan first)
  doctor                                  check every production prerequisite (exit 0 all pass, 1 otherwise)`;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    console.log(CLI_USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'start') return start(env);

  const print = (line: string) => console.log(line);
  // Operator commands, loaded only when asked for (start-up time of `start` matters on Cloud Run).
  if (cmd === 'setup') return (await import('./cli-ops.js')).setupCommand(env, rest, print);
  if (cmd === 'doctor') return (await import('./cli-ops.js')).doctorCommand(env, print);

  const config = loadConfig(env);
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const clock = systemClock;
  const backend = await createBackend(config, clock, log);
  const deps = createDeps(config, clock, log, backend);
  try {
    if (cmd === 'check') {
      const results = await deps.runChecksOnce();
      if (rest.includes('--json')) {
        console.log(JSON.stringify({ results }, null, 2));
      } else {
        const now = clock.now();
        console.log(
          renderMessage(
            checkReportView(results, `${localDate(now, config.timezone)} ${localTime(now, config.timezone)}`),
          ),
        );
      }
      return exitCodeFor(results);
    }
    if (cmd === 'digest') return await digestCommand(deps, rest, (line) => console.log(line));
    const parsed = parseCommand([cmd, ...rest].join(' '), clock.now(), config.timezone);
    if (parsed.kind === 'error') {
      console.error(`pipeline-bot: ${parsed.message}\n\n${CLI_USAGE}`);
      return 2;
    }
    const caller = { userId: userInfo().username, source: 'cli' as const };
    if (parsed.kind === 'heal' && !parsed.dryRun) return await cliHeal(parsed, deps, caller);
    const message = await executeCommand(parsed, deps, caller);
    console.log(renderMessage(message));
    return 0;
  } finally {
    await deps.close();
  }
}

/**
 * `start`: runs until SIGTERM (Cloud Run) or SIGINT (Ctrl-C), then stops gracefully; a second signal
 * stops at once. Exit 0 when the shutdown finished everything in flight, 1 when it cut work short.
 */
async function start(env: Record<string, string | undefined>): Promise<number> {
  const app = await startApp(env);
  const local = app.config.slackMode === 'none' || !!app.sandboxUrl;
  // Human lines only where a human reads stdout (Cloud Logging would file them as DEFAULT-severity text).
  const say = local || process.stdout.isTTY ? (line: string) => console.log(line) : () => {};
  const mode = app.sandboxUrl
    ? 'Slack sandbox; findings print here too'
    : local
      ? 'local mode: findings print here'
      : `Slack over ${app.config.slackMode}`;
  say(`pipeline-bot listening on ${app.url} (${app.config.backend} backend, ${mode}). Ctrl-C stops.`);
  if (app.sandboxUrl) say(`Slack sandbox: open ${app.sandboxUrl} to click every button and run /pipeline`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const now = () => process.exit(130);
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  say(`${signal}: finishing in-flight work (a second Ctrl-C stops at once)…`);
  const code = (await app.stop()) ? 0 : 1;
  // Why: a client library's idle socket must not keep a stopped bot alive until Cloud Run's SIGKILL.
  setTimeout(() => process.exit(code), 1000).unref();
  return code;
}

/** `heal` from the CLI: show the plan, ask (or take --yes), run, and exit 0 only when the job ran. */
async function cliHeal(
  cmd: Extract<ReturnType<typeof parseCommand>, { kind: 'heal' }>,
  deps: ReturnType<typeof createDeps>,
  caller: { userId: string; source: 'cli' },
): Promise<number> {
  if (!deps.heal) {
    console.error('pipeline-bot: heals are not enabled');
    return 2;
  }
  if (!cmd.yes) {
    console.log(renderMessage(await executeCommand({ ...cmd, dryRun: true }, deps, caller)));
    if (!process.stdin.isTTY) {
      console.error('\nNot run: re-run with --yes to confirm (no terminal to ask).');
      return 1;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = (await rl.question('\nRun it? [y/N] ')).trim().toLowerCase();
    rl.close();
    if (answer !== 'y' && answer !== 'yes') {
      console.log('Cancelled; nothing was run.');
      return 1;
    }
  }
  const outcome = await deps.heal.heal({
    transition: cmd.target,
    date: cmd.date,
    source: 'cli',
    requestedBy: caller.userId,
    force: cmd.force,
  });
  await linkHealToAlerts(deps.alerts, outcome);
  console.log(renderMessage(healOutcomeView(outcome.message, outcome.ok)));
  await deps.heal.settled();
  return outcome.ok ? 0 : 1;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`pipeline-bot: ${describeStartupError(err)}`);
    process.exitCode = 2;
  },
);
