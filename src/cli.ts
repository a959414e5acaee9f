/**
 * `pipeline-bot` CLI (SPEC §7): start · check [--json] · status [date] · completeness [days] ·
 * heal <target> [date] [--force] [--dry-run] [--yes] · history · trends · digest [--post] · setup [--dry-run] ·
 * doctor · replay · test · mute · mutes · unmute · routes · ack · snooze.
 * `main(argv, env, io)` is importable (tests call it); `bin/pipeline-bot.js` launches it via `run()`.
 * Exit codes: 0 done, 1 refused or something found, 2 a usage error (or, for `check`, a check that could not run).
 * Why so small: this entry reads the command and then imports only that command's module (`help` loads
 * nothing else; local `status` only the config, the local store and its view) — see README *Benchmarks*.
 */
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cli-io.js';
import { CLI_USAGE } from './cli-usage.js';

type Env = Record<string, string | undefined>;

export async function main(argv: string[], env: Env, io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.out(CLI_USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'start') return (await import('./cli-start.js')).startCommand(env, io);
  if (cmd === 'setup') return (await import('./cli-ops.js')).setupCommand(env, rest, io.out);
  if (cmd === 'doctor') return (await import('./cli-ops.js')).doctorCommand(env, io.out);
  if (cmd === 'replay' || cmd === 'test') {
    const replay = await import('./replay/cli.js');
    return cmd === 'replay'
      ? replay.replayCommand(rest, env, io.out, io.err)
      : replay.testCommand(rest, io.out, io.err);
  }
  const config = (await import('./config.js')).loadConfig(env);
  // Local `status` reads the embedded store directly; every other command (and gcp status) wires the services.
  if (cmd === 'status' && config.backend === 'local')
    return (await import('./cli-status.js')).localStatusCommand(rest, config, io);
  return (await import('./cli-backend.js')).backendCommand(cmd, rest, config, io);
}

/** The launcher's entry: the process's arguments, environment and terminal; sets the exit code. */
export async function run(): Promise<void> {
  const { processIo } = await import('./cli-io.js');
  const io = processIo(process.env);
  try {
    process.exitCode = await main(process.argv.slice(2), process.env, io);
  } catch (err) {
    io.err(`pipeline-bot: ${(await import('./startup-error.js')).describeStartupError(err)}`);
    process.exitCode = 2;
  }
}

// Run directly too (`node dist/src/cli.js start`, the container's command), not only through bin/: only
// when this file is the process's entry script, so importing it (tests) never runs anything.
if (process.argv[1] && resolvePath(process.argv[1]) === fileURLToPath(import.meta.url)) void run();
