/**
 * The bot in local mode with its Slack sandbox, for browser tests: demo data in a temp DATA_DIR, a fake
 * clock, no in-process schedule (`tick()` runs the checks, as the schedule would), and the terminal's
 * lines collected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningApp, startApp } from '../../src/app.js';
import { FakeClock } from './fixtures.js';

/** Why 20:00Z (15:00 in New York): the demo's Phase 2→3 of the day before is stuck by then. */
export const SANDBOX_NOW = new Date('2026-02-10T20:00:00.000Z');
export const STUCK_DATE = '2026-02-09';

export interface SandboxApp {
  app: RunningApp;
  /** The sandbox page (the bot's root URL when the sandbox is off). */
  url: string;
  clock: FakeClock;
  dataDir: string;
  lines: string[];
  /** Moves the clock on and runs the scheduled checks once. */
  tick(ms?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startSandboxApp(
  opts: { env?: Record<string, string>; dataDir?: string } = {},
): Promise<SandboxApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'pipeline-bot-sandbox-'));
  const clock = new FakeClock(SANDBOX_NOW);
  const lines: string[] = [];
  const app = await startApp(
    {
      DATA_DIR: dataDir,
      PIPELINE_BACKEND: 'local',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...opts.env,
    },
    { schedule: false, clock, slackMinPostIntervalMs: 0, out: (l) => lines.push(l) },
  );
  return {
    app,
    url: app.sandboxUrl ?? `${app.url}/`,
    clock,
    dataDir,
    lines,
    async tick(ms = 0) {
      clock.advance(ms);
      await app.deps.runScheduledChecks('task');
    },
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
