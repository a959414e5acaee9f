/**
 * In a real browser (Debian's Chromium), the rest of the bot's Slack surface on the sandbox page:
 * `/pipeline status` from the composer answers ephemerally (only the caller sees it); a user who may not
 * heal is refused; Acknowledge and Snooze edit the alert; the App Home tab renders for both users; and a
 * processor named like an HTML tag in a completion document shows as text, no element, no script.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { openLocalBackend } from '../../src/adapters/local/index.js';
import { loadConfig } from '../../src/config.js';
import { runDailyDigest } from '../../src/daily-digest.js';
import { FakeClock } from '../support/fixtures.js';
import { SANDBOX_NOW, type SandboxApp, STUCK_DATE, startSandboxApp } from '../support/sandbox.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('sandbox page: commands, permissions, alert actions, App Home, escaping', () => {
  let browser: Browser;
  let sandbox: SandboxApp | undefined;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
    await sandbox?.stop();
    sandbox = undefined;
  });

  async function open(opts: Parameters<typeof startSandboxApp>[0] = {}) {
    sandbox = await startSandboxApp(opts);
    await sandbox.tick();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(sandbox.url);
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    return sandbox;
  }
  const alertTitled = (title: string) =>
    page.locator('.message', { has: page.locator('.header', { hasText: title }) });
  const ephemeral = (text: string) => page.locator('.message.ephemeral', { hasText: text });
  const USERS = { ada: 'U0ONCALL', sam: 'U0VISITOR' } as const;
  const switchTo = (name: keyof typeof USERS) => page.getByLabel('You are').selectOption(USERS[name]);
  const command = async (text: string) => {
    await page.getByLabel('Message or slash command').fill(text);
    await page.getByLabel('Message or slash command').press('Enter');
  };

  it('/pipeline status from the composer: an ephemeral answer only the caller sees', async () => {
    await open();
    await command('/pipeline status');
    const answer = ephemeral('Pipeline status');
    await expect.poll(() => answer.count()).toBe(1);
    const text = await answer.innerText();
    expect(text).toContain('Only visible to you');
    expect(text).toContain('Phase 2 → 3');
    expect(text).toContain('stuck');
    // Today's digest goes to the other channel, which then shows it has something new.
    expect(await page.locator('.nav.unread').count()).toBe(0);
    expect((await runDailyDigest(sandbox!.app.deps, 'task')).outcome).toBe('posted');
    await expect.poll(() => page.locator('.nav.unread').allInnerTexts()).toEqual(['# pipeline-digest']);
    await page.getByRole('button', { name: '# pipeline-digest' }).click();
    await expect.poll(() => page.locator('.messages .header').first().innerText()).toContain('digest');
    expect(await page.locator('.nav.unread').count()).toBe(0);
    await page.getByRole('button', { name: '# pipeline-alerts' }).click();
    // ada may heal: the status carries the heal button.
    expect(await answer.getByRole('button', { name: 'Trigger Phase 3' }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('Message or slash command').inputValue()).toBe('');
    // Dismiss removes an ephemeral answer (for good: a reload does not bring it back).
    await command('/pipeline help');
    const ephemerals = page.locator('.message.ephemeral');
    await expect.poll(() => ephemerals.count()).toBe(2);
    await ephemerals.last().getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => ephemerals.count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    expect(await ephemerals.count()).toBe(1);
    expect(await ephemerals.innerText()).toContain('Pipeline status ·');

    await switchTo('sam');
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    await expect.poll(() => alertTitled(`Phase 2 → 3 stuck · ${STUCK_DATE}`).count()).toBe(1);
    expect(await ephemeral('Pipeline status').count()).toBe(0);
    // A command the bot does not have is refused by the "client", as Slack does.
    await command('/deploy now');
    await expect
      .poll(() => page.getByRole('alert').first().innerText())
      .toContain('/deploy is not a valid command');
  });

  it('/pipeline heal asks first: Cancel replaces the prompt, Confirm runs the heal and edits the alert', async () => {
    await open();
    await command('/pipeline heal phase3 yesterday');
    const prompt = ephemeral('will run');
    await expect.poll(() => prompt.count()).toBe(1);
    const ts = await prompt.getAttribute('data-ts');
    const same = page.locator(`.message[data-ts="${ts}"]`);
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => same.innerText()).toContain('Heal cancelled; nothing was run.');
    expect(await same.getByRole('button', { name: /^(Confirm|Cancel)$/ }).count()).toBe(0);
    expect(await sandbox!.app.deps.heal!.recent()).toEqual([]);

    await command('/pipeline heal phase3 yesterday');
    const again = ephemeral('will run');
    await expect.poll(() => again.count()).toBe(1);
    const ts2 = await again.getAttribute('data-ts');
    await again.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => page.locator(`.message[data-ts="${ts2}"]`).innerText())
      .toContain('Trigger Phase 3: ran same-day-phase3');
    const alert = alertTitled(`Phase 2 → 3 stuck · ${STUCK_DATE}`);
    await expect.poll(() => alert.innerText()).toMatch(/🔧 Heal .* by @ada/);
    expect((await sandbox!.app.deps.heal!.recent()).map((e) => [e.status, e.source])).toEqual([
      ['triggered', 'slash'],
    ]);
  });

  it('a user who may not heal is refused, and nothing is edited', async () => {
    await open();
    await switchTo('sam');
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    const alert = alertTitled(`Phase 2 → 3 stuck · ${STUCK_DATE}`);
    await expect.poll(() => alert.count()).toBe(1);
    await alert.getByRole('button', { name: 'Trigger Phase 3' }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Run it' }).click();
    const refusal = ephemeral('can heal');
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await refusal.innerText()).toContain('Only @ada can heal.');
    expect(await alert.innerText()).not.toContain('🔧');
    // The refusal is audited; nothing ran.
    const audit = async () =>
      (await sandbox!.app.deps.heal!.recent()).map((e) => ({ status: e.status, by: e.requested_by }));
    expect(await audit()).toEqual([{ status: 'denied', by: 'U0VISITOR' }]);

    // Cancel in the confirm dialog sends nothing at all.
    await switchTo('ada');
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    await alert.getByRole('button', { name: 'Trigger Phase 3' }).click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.locator('dialog.confirm').count()).toBe(0);
    expect(await audit()).toEqual([{ status: 'denied', by: 'U0VISITOR' }]);
  });

  it('Acknowledge and Snooze edit the alert in place', async () => {
    await open();
    const drift = alertTitled('Phase 3 → 4 processor drift');
    await expect.poll(() => drift.count()).toBe(1);
    await drift.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => ephemeral('Acknowledged. Reminders stop.').count()).toBe(1);
    await expect.poll(() => drift.innerText()).toContain('👀 Acknowledged by @ada');
    expect(await drift.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
    expect(await drift.locator('.edited').count()).toBe(1);

    const overdue = alertTitled('Phase 2 → 3 overdue');
    await overdue.getByRole('combobox', { name: 'Snooze…' }).selectOption({ label: 'Snooze 4 h' });
    await expect.poll(() => ephemeral('Snoozed until').count()).toBe(1);
    await expect.poll(() => overdue.innerText()).toContain('💤 Snoozed by @ada until');
  });

  it('App Home renders the dashboard, heal buttons only for the on-call user, heal replies by DM', async () => {
    await open();
    const home = page.locator('.home');
    const homeText = () => home.innerText().catch(() => '');
    const healButtons = home.getByRole('button', { name: /Trigger Phase 3/ });
    await page.getByRole('button', { name: 'pipeline-bot · Home' }).click();
    await expect.poll(homeText).toContain('Pipeline dashboard');
    expect(await homeText()).toContain("Today's run");
    expect(await healButtons.count()).toBeGreaterThan(0);
    expect(await page.getByRole('textbox').count()).toBe(0);

    await switchTo('sam');
    await expect.poll(homeText).toContain('🔒 Heal buttons show for');
    expect(await healButtons.count()).toBe(0);

    // A Home click has no response_url: the bot answers by direct message, which only ada sees.
    await switchTo('ada');
    await expect.poll(() => healButtons.count()).toBeGreaterThan(0);
    await healButtons.first().click();
    await page.locator('dialog.confirm').getByRole('button', { name: 'Run it' }).click();
    const dm = page.getByRole('button', { name: 'pipeline-bot · Messages' });
    await expect.poll(() => dm.count()).toBe(1);
    await dm.click();
    await expect
      .poll(() => page.locator('.messages').innerText())
      .toContain('Trigger Phase 3: ran same-day-phase3');
    await switchTo('sam');
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
    expect(await dm.count()).toBe(0);

    // The dashboard's alert links are permalinks (chat.getPermalink): they open the alert in place.
    await page.getByRole('button', { name: 'pipeline-bot · Home' }).click();
    await home.getByRole('link', { name: /Phase 2 → 3 overdue/ }).click();
    const focused = page.locator('.message.focused .header');
    await expect.poll(() => focused.innerText().catch(() => '')).toMatch(/^Phase 2 → 3 overdue · /);
    expect(page.url()).toMatch(/#C0ALERTS\/\d+\.\d{6}$/);
  });

  it(`a processor named ${HOSTILE} renders as text: no element, no script`, async () => {
    const clock = new FakeClock(SANDBOX_NOW);
    const dataDir = mkdtempSync(join(tmpdir(), 'pipeline-bot-sandbox-xss-'));
    const local = await openLocalBackend(loadConfig({ DATA_DIR: dataDir, PIPELINE_BACKEND: 'local' }), clock);
    await local.completions.merge('phase2_completion', STUCK_DATE, {
      [HOSTILE]: { status: 'success', completed_at: new Date(SANDBOX_NOW.getTime() - 3_600_000) },
    });
    local.close();

    await open({ dataDir });
    await command('/pipeline status');
    const answer = ephemeral('Pipeline status');
    await expect.poll(() => answer.count()).toBe(1);
    expect(await answer.innerText()).toContain(HOSTILE);
    // The drift alert names it too, in the channel.
    await expect
      .poll(() => page.locator('.messages').innerText())
      .toContain(`${HOSTILE} reports to phase2_completion`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
