/**
 * The real CLI: `main(argv, env, io)` of src/cli.ts over local mode (SQLite under a temp DATA_DIR,
 * seeded with the demo), with a fake terminal. Exit codes: 0 done, 1 refused or cancelled, 2 usage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from '../../src/adapters/index.js';
import { TerminalChat } from '../../src/adapters/local/terminal-chat.js';
import { main } from '../../src/cli.js';
import type { CliIo } from '../../src/cli-io.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { systemClock } from '../../src/ports.js';
import { createDeps } from '../../src/service.js';

interface FakeTerminal extends CliIo {
  printed: string[];
  errors: string[];
  asked: string[];
}

function terminal(opts: { answer?: string; color?: boolean } = {}): FakeTerminal {
  const printed: string[] = [];
  const errors: string[] = [];
  const asked: string[] = [];
  return {
    printed,
    errors,
    asked,
    out: (line) => printed.push(line),
    err: (line) => errors.push(line),
    ask:
      opts.answer === undefined
        ? undefined
        : async (question) => {
            asked.push(question);
            return opts.answer!;
          },
    color: opts.color ?? false,
    interactive: false,
  };
}

describe('pipeline-bot CLI main()', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-cli-'));
    env = {
      DATA_DIR: dir,
      PIPELINE_BACKEND: 'local',
      LOG_LEVEL: 'silent',
      METADATA_SERVER_DETECTION: 'none',
    };
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('heal --yes runs the job once (exit 0); a second heal of the run is refused (exit 1)', async () => {
    const io = terminal();
    expect(await main(['heal', 'phase3', 'yesterday', '--yes'], env, io)).toBe(0);
    expect(io.printed.join('\n')).toMatch(
      /ran same-day-phase3 \(us-west2\) for phase2_to_phase3 \d{4}-\d{2}-\d{2}/,
    );
    const again = terminal();
    expect(await main(['heal', 'phase3', 'yesterday', '--yes'], env, again)).toBe(1);
    expect(again.printed.join('\n')).toContain('already triggered');
  });

  it('without --yes it shows the plan labelled as a plan, asks, and runs only on yes', async () => {
    const no = terminal({ answer: 'n' });
    expect(await main(['heal', 'phase3', 'yesterday'], env, no)).toBe(1);
    const plan = no.printed.join('\n');
    expect(plan).toContain('Plan — nothing is recorded or run until you confirm.');
    expect(plan).not.toContain('Dry run');
    expect(no.asked).toEqual(['\nRun it? [y/N] ']);
    expect(no.printed.at(-1)).toBe('Cancelled; nothing was run.');

    const yes = terminal({ answer: 'y' });
    expect(await main(['heal', 'phase3', 'yesterday'], env, yes)).toBe(0);
    expect(yes.printed.join('\n')).toContain('ran same-day-phase3');
  });

  it('with no terminal to ask and no --yes, nothing runs (exit 1)', async () => {
    const io = terminal();
    expect(await main(['heal', 'phase3', 'yesterday'], env, io)).toBe(1);
    expect(io.errors.join('\n')).toContain('re-run with --yes');
    const after = terminal();
    expect(await main(['heal', 'phase3', 'yesterday', '--dry-run'], env, after)).toBe(0);
  });

  it('an unknown target is a usage error (exit 2), with no advice to re-run with --yes', async () => {
    const io = terminal();
    expect(await main(['heal', 'nosuch'], env, io)).toBe(2);
    expect(io.errors.join('\n')).toContain('no heal target "nosuch"');
    expect(io.errors.join('\n')).not.toContain('--yes');
    expect(await main(['heal', '('], env, terminal())).toBe(2);
  });

  it('a --dry-run that would be refused exits 1; one that would run exits 0 and changes nothing', async () => {
    const ok = terminal();
    expect(await main(['heal', 'phase3', 'yesterday', '--dry-run'], env, ok)).toBe(0);
    expect(ok.printed.join('\n')).toContain('Dry run — nothing was recorded or run.');
    expect(await main(['heal', 'phase3', 'yesterday', '--yes'], env, terminal())).toBe(0);
    const refused = terminal();
    expect(await main(['heal', 'phase3', 'yesterday', '--dry-run'], env, refused)).toBe(1);
    expect(refused.printed.join('\n')).toContain('would be refused');
  });

  it('usage errors exit 2: no command, an unknown command', async () => {
    expect(await main([], env, terminal())).toBe(2);
    const io = terminal();
    expect(await main(['frobnicate'], env, io)).toBe(2);
    expect(io.errors.join('\n')).toContain('Usage: pipeline-bot');
  });

  it('states print as distinct symbols; colours only when the terminal has them', async () => {
    const plain = terminal();
    await main(['status'], env, plain);
    const text = plain.printed.join('\n');
    expect(text).not.toContain('\x1b[');
    expect(text).toMatch(/✖|▲|✔/);
    const colored = terminal({ color: true });
    await main(['status'], env, colored);
    const coloredText = colored.printed.join('\n');
    expect(
      ['\x1b[31m✖\x1b[0m', '\x1b[33m▲\x1b[0m', '\x1b[32m✔\x1b[0m'].some((s) => coloredText.includes(s)),
    ).toBe(true);
  });

  it('ack and snooze an open alert by fingerprint; a closed or unknown one is refused (exit 1), bad input is usage (exit 2)', async () => {
    // The alerts a tick raised, as the bot would have stored them (the CLI `check` raises none).
    const config = loadConfig(env);
    const log = createLogger('silent');
    const deps = createDeps(config, systemClock, log, await createBackend(config, systemClock, log), {
      chat: new TerminalChat(() => {}),
      fallbackChannel: 'terminal',
    });
    await deps.alerts!.process(await deps.runChecksOnce());
    const open = (await deps.alertStore.listActive()).filter((a) => a.state === 'firing');
    await deps.close();
    const [first, second] = open.map((a) => a.fingerprint);
    expect(first && second).toBeTruthy();

    const ack = terminal();
    expect(await main(['ack', first!], env, ack)).toBe(0);
    expect(ack.printed.join('\n')).toContain('Acknowledged');
    expect(await main(['ack', first!], env, terminal())).toBe(1);
    const snooze = terminal();
    expect(await main(['snooze', second!, '4'], env, snooze)).toBe(0);
    expect(snooze.printed.join('\n')).toContain('Snoozed');
    const unknown = terminal();
    expect(await main(['ack', 'nosuch:alert'], env, unknown)).toBe(1);
    expect(unknown.errors.join('\n')).toContain('Open alerts:');
    expect(await main(['snooze', second!, 'soon'], env, terminal())).toBe(2);
    expect(await main(['ack'], env, terminal())).toBe(2);
  });
});
