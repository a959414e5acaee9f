/**
 * `npm run screenshot`: docs/sandbox.png, the Slack sandbox on the demo, for the README. Starts the bot in
 * local mode on a temporary DATA_DIR at a fixed instant (so the picture only changes when the bot does),
 * runs the checks once, and photographs the page in Debian's Chromium.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../src/app.js';
import { launchChromium } from './chromium.js';

/** Why 20:00Z (15:00 in New York): the demo's Phase 2→3 of the day before is stuck by then. */
const AT = new Date('2026-02-10T20:00:00.000Z');
/** Why: wide enough for the sidebar and a full alert, like a laptop screen. */
const VIEWPORT = { width: 1360, height: 900 };

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const target = process.argv[2] ?? join(root, 'docs', 'sandbox.png');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-screenshot-'));
  const app = await startApp(
    { DATA_DIR: dataDir, PIPELINE_BACKEND: 'local', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    { schedule: false, clock: { now: () => new Date(AT) }, slackMinPostIntervalMs: 0, out: () => {} },
  );
  const browser = await launchChromium();
  try {
    await app.deps.runScheduledChecks('cron');
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(app.sandboxUrl!);
    await page.locator('body[data-live="true"]').waitFor();
    await page.locator('.header', { hasText: 'Phase 2 → 3 stuck' }).waitFor();
    await page.screenshot({ path: target });
    console.log(`wrote ${target}`);
  } finally {
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
