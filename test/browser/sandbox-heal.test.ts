/**
 * In a real browser (Debian's Chromium): the sandbox page on the demo shows the stuck Phase 2→3 alert; the
 * on-call user clicks Trigger Phase 3, accepts the confirm dialog, and sees the alert edited with the heal
 * and the heal in its thread; the next check resolves the alert and a later one verifies that Phase 3
 * started — all through the bot's real Slack path (signed requests, Web API calls, response_urls).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { type SandboxApp, STUCK_DATE, startSandboxApp } from '../support/sandbox.js';

const MIN = 60_000;

describe('sandbox page: heal the stuck Phase 2→3 from the alert', () => {
  let browser: Browser;
  let sandbox: SandboxApp;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    sandbox = await startSandboxApp();
    await sandbox.tick();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterEach(async () => {
    await page?.close();
    await sandbox?.stop();
  });

  it('Trigger Phase 3 → confirm → alert edited, heal in thread → resolved → verified', async () => {
    await page.goto(sandbox.url);
    const title = `Phase 2 → 3 stuck · ${STUCK_DATE}`;
    const alert = page.locator('.message', { has: page.locator('.header', { hasText: title }) });
    await expect.poll(() => alert.count()).toBe(1);
    const ts = await alert.getAttribute('data-ts');
    const root = page.locator(`.message[data-ts="${ts}"]`);
    await expect.poll(() => root.locator('.section').first().innerText()).toContain('is stuck');

    await root.getByRole('button', { name: 'Trigger Phase 3' }).click();
    const confirm = page.locator('dialog.confirm');
    await expect.poll(() => confirm.locator('.confirm-title').innerText()).toBe('Run the heal?');
    expect(await confirm.innerText()).toContain(`phase2_to_phase3 ${STUCK_DATE}`);
    await confirm.getByRole('button', { name: 'Run it' }).click();

    // The clicker's ephemeral outcome, the root edited with the heal, and the heal in the thread.
    const outcome = page.locator('.message.ephemeral', { hasText: 'Trigger Phase 3: ran same-day-phase3' });
    await expect.poll(() => outcome.count()).toBe(1);
    expect(await outcome.innerText()).toContain('Only visible to you');
    await expect
      .poll(() => root.locator('.context').first().innerText())
      .toMatch(/🔧 Heal .* by @ada at .*triggered/);
    expect(await root.locator('.edited').count()).toBe(1);
    const thread = page.locator(`.message[data-ts="${ts}"] + .thread`);
    await expect
      .poll(() => thread.innerText().catch(() => ''))
      .toContain('🔧 Trigger Phase 3: ran same-day-phase3');

    // The next check sees Phase 2→3 triggered: the same message turns into "Resolved".
    await sandbox.tick(MIN);
    await expect.poll(() => root.locator('.header').innerText()).toBe(`Resolved: ${title}`);
    expect(await root.getByRole('button', { name: 'Trigger Phase 3' }).count()).toBe(0);

    // After the verification window the simulated Phase 3 has started; the thread and the root say so.
    await sandbox.tick(20 * MIN);
    await expect.poll(() => root.innerText()).toContain('next phase started ✅');
    await expect.poll(() => thread.innerText()).toContain('✅');
    expect(dialogs).toEqual([]);
    // The terminal still shows what the bot posted.
    expect(sandbox.lines.join('\n')).toContain(title);
  });
});
