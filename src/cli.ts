/**
 * `pipeline-bot` CLI (SPEC §7): start · check [--json] · status [date] · completeness [days] ·
 * heal <target> [date] [--force] [--dry-run] [--yes] · history · trends · digest [--post] · setup [--dry-run] ·
 * doctor · replay · test · mute · mutes · unmute · routes · ack · snooze.
 * `main(argv, env, io)` is importable (tests call it); `bin/pipeline-bot.js` launches it via `run()`.
 * Exit codes: 0 done, 1 refused or something found, 2 a usage error (or, for `check`, a check that could not run).
 */
import { userInfo } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChat } from './adapters/chat.js';
import { createBackend } from './adapters/index.js';
import { startApp } from './app.js';
import { exitCodeFor } from './checks/runner.js';
import { alertCommand } from './cli-alerts.js';
import { type CliIo, processIo } from './cli-io.js';
import { executeCommand } from './commands/execute.js';
import { parseCommand } from './commands/parse.js';
import { findTransition, loadConfig } from './config.js';
import { digestCommand } from './digest/cli.js';
import { linkHealToAlerts } from './heal/alert-link.js';
import { createLogger } from './log.js';
import { localDate, localTime } from './pipeline/dates.js';
import { systemClock } from './ports.js';
import { REPLAY_USAGE, TEST_USAGE } from './replay/usage.js';
import { createDeps } from './service.js';
import { describeStartupError } from './startup-error.js';
import { trendsCommand } from './trends/cli.js';
import type { Message } from './views/blocks.js';
import { checkReportView } from './views/checks.js';
import { healOutcomeView, healPlanView } from './views/heal.js';
import { healOutcomeText } from './views/heal-outcome.js';
import { renderMessage } from './views/terminal.js';

const CLI_USAGE = `Usage: pipeline-bot <command>
  start                                   start the bot (local mode without credentials)
  check [--json]                          run every check once (exit 0 ok, 1 findings, 2 a check could not run)
  status [date]                           every transition for its current date (or the run of date)
  completeness [days]                     per-target completeness grid
  heal <target> [date] [--force] [--dry-run] [--yes]
  history [days]                          recent heals and alerts
  trends [days]                           processor trends vs the period before; charts to DATA_DIR/charts/
  ack <alert>                             acknowledge an open alert (its fingerprint, e.g. stuck:phase2_to_phase3:2026-02-09)
  snooze <alert> <hours>                  snooze an open alert for 1 to 168 hours
  dlq                                     recent dead-lettered messages
  digest [--post]                         print (or post) the daily digest
  setup [--dry-run]                       create/update the BigQuery tables and Cloud Scheduler jobs (plan first)
  doctor                                  check every production prerequisite (exit 0 all pass, 1 otherwise)
  ${REPLAY_USAGE}
                                          the alert timeline the config would have produced
  ${TEST_USAGE}                         rule tests (exit 0 all pass, 1 a failure)
  mute <matchers> <duration> <reason>     hold alerts (e.g. mute check=drift transition=phase3* 2h backfill)
  mutes · unmute <id>                     live silences · end one
  routes [check=… transition=… …]         the routing table, or where such an alert goes`;

type Env = Record<string, string | undefined>;
type Deps = ReturnType<typeof createDeps>;
type HealCommand = Extract<ReturnType<typeof parseCommand>, { kind: 'heal' }>;

export async function main(argv: string[], env: Env, io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.out(CLI_USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'start') return start(env, io);

  // Operator commands, loaded only when asked for (start-up time of `start` matters on Cloud Run).
  if (cmd === 'setup') return (await import('./cli-ops.js')).setupCommand(env, rest, io.out);
  if (cmd === 'doctor') return (await import('./cli-ops.js')).doctorCommand(env, io.out);

  if (cmd === 'replay' || cmd === 'test') {
    // Loaded on demand: the replay engine and the YAML parser are not needed to start the bot.
    const replay = await import('./replay/cli.js');
    return cmd === 'replay'
      ? replay.replayCommand(rest, env, io.out, io.err)
      : replay.testCommand(rest, io.out, io.err);
  }

  const config = loadConfig(env);
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
        show(
          checkReportView(results, `${localDate(now, config.timezone)} ${localTime(now, config.timezone)}`),
        );
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

/**
 * `start`: runs until SIGTERM (Cloud Run) or SIGINT (Ctrl-C), then stops gracefully; a second signal
 * stops at once. Exit 0 when the shutdown finished everything in flight, 1 when it cut work short.
 */
async function start(env: Env, io: CliIo): Promise<number> {
  const app = await startApp(env);
  const local = app.config.slackMode === 'none' || !!app.sandboxUrl;
  // Human lines only where a human reads stdout (Cloud Logging would file them as DEFAULT-severity text).
  const say = local || io.interactive ? io.out : () => {};
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

/**
 * `heal` from the CLI: an unknown target is a usage error (2); otherwise the plan, then (unless
 * `--dry-run`) a confirmation (or `--yes`) and the heal. Exit 0 only when the job ran (or, for
 * `--dry-run`, would run); 1 when refused, cancelled or failed.
 */
async function cliHeal(cmd: HealCommand, deps: Deps, user: string, io: CliIo): Promise<number> {
  const show = (m: Message) => io.out(renderMessage(m, { color: io.color }));
  const clock = () => ({ tz: deps.config.timezone, now: deps.clock.now() });
  if (!deps.heal) {
    io.err('pipeline-bot: heals are not enabled');
    return 2;
  }
  const target = findTransition(deps.config, cmd.target);
  if (!target?.heal) {
    const known = deps.config.transitions.filter((t) => t.heal).map((t) => t.id);
    io.err(
      `pipeline-bot: no heal target "${cmd.target}". Use one of: ${known.join(', ') || '(none configured)'}, or the phase it starts (e.g. phase3).`,
    );
    return 2;
  }
  const request = {
    transition: cmd.target,
    date: cmd.date,
    source: 'cli' as const,
    requestedBy: user,
    force: cmd.force,
  };
  if (cmd.dryRun || !cmd.yes) {
    const preview = await deps.heal.heal({ ...request, dryRun: true });
    if (!preview.plan || preview.kind !== 'dry_run') {
      show(healOutcomeView(preview, clock(), false));
      return 1;
    }
    show(healPlanView(preview.plan, { confirm: false, title: cmd.dryRun ? 'dry_run' : 'plan' }));
    if (!preview.ok) io.out(healOutcomeText(preview, clock()));
    if (cmd.dryRun || !preview.ok) return preview.ok ? 0 : 1;
    if (!io.ask) {
      io.err('\nNot run: re-run with --yes to confirm (no terminal to ask).');
      return 1;
    }
    const answer = (await io.ask('\nRun it? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      io.out('Cancelled; nothing was run.');
      return 1;
    }
  }
  const outcome = await deps.heal.heal(request);
  await linkHealToAlerts(deps.alerts, outcome, healOutcomeText(outcome, clock()));
  show(healOutcomeView(outcome, clock()));
  await deps.heal.settled();
  return outcome.ok ? 0 : 1;
}

/** The launcher's entry: the process's arguments, environment and terminal; sets the exit code. */
export async function run(): Promise<void> {
  const io = processIo(process.env);
  try {
    process.exitCode = await main(process.argv.slice(2), process.env, io);
  } catch (err) {
    io.err(`pipeline-bot: ${describeStartupError(err)}`);
    process.exitCode = 2;
  }
}

// Run directly too (`node dist/src/cli.js start`, the container's command), not only through bin/: only
// when this file is the process's entry script, so importing it (tests) never runs anything.
if (process.argv[1] && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url)) void run();
