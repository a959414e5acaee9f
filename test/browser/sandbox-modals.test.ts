/**
 * In a real browser (Debian's Chromium), the alert menu's modals on the sandbox page: *Add note…* opens
 * the bot's modal (views.open with the trigger_id the sandbox issued), the submitted note lands in the
 * alert's thread as text (no live mention); *Mute similar…* shows the bot's error under the duration
 * field and keeps the modal open, then a good duration closes it and `/pipeline mutes` lists the silence.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { type SandboxApp, startSandboxApp } from '../support/sandbox.js';

const NOTE = '<!channel> *bold* look at the 02:00 run';

describe('sandbox page: the alert menu modals', () => {
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

  async function open() {
    sandbox = await startSandboxApp();
    await sandbox.tick();
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(sandbox.url);
    await expect.poll(() => page.locator('body[data-live="true"]').count()).toBe(1);
  }
  const drift = () =>
    page.locator('.message', { has: page.locator('.header', { hasText: 'Phase 3 → 4 processor drift' }) });
  const modal = () => page.locator('dialog.modal[open]');
  const menu = async (item: string) => {
    await expect.poll(() => drift().count()).toBe(1);
    await drift().getByRole('button', { name: 'More actions' }).click();
    await drift().getByRole('button', { name: item }).click();
    await expect.poll(() => modal().count()).toBe(1);
  };

  it('Add note…: the modal opens, the note posts in the alert thread as text, no live mention', async () => {
    await open();
    await menu('Add note…');
    expect(await modal().locator('.modal-title').innerText()).toBe('Add note');
    const box = modal().getByLabel('Note');
    expect(await box.evaluate((n) => n.tagName)).toBe('TEXTAREA');
    await box.fill(NOTE);
    await modal().getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => modal().count()).toBe(0);

    const thread = page.locator('.thread', { hasText: 'look at the 02:00 run' });
    await expect.poll(() => thread.count()).toBe(1);
    const reply = thread.locator('.message', { hasText: 'look at the 02:00 run' });
    expect(await reply.innerText()).toContain('<!channel>');
    expect(await reply.locator('.mention', { hasText: '@channel' }).count()).toBe(0);
    // The bot escapes the note's `<>&` only: `*bold*` is formatted, as Slack would show it.
    expect(await reply.innerText()).toContain('<!channel> bold look at the 02:00 run');
    expect(dialogs).toEqual([]);
  });

  it('Mute similar…: a bad duration shows under its field and keeps the modal; a good one mutes', async () => {
    await open();
    await menu('Mute similar…');
    const field = (block: string) => modal().locator(`.modal-field[data-block-id="${block}"]`);
    expect(await field('matchers').locator('input').inputValue()).toContain('check=');
    await field('duration').locator('input').fill('soon-ish');
    await field('reason').locator('input').fill('known drift, vendor fixing');
    await modal().getByRole('button', { name: 'Mute' }).click();
    await expect
      .poll(() =>
        field('duration')
          .locator('.modal-error')
          .innerText()
          .catch(() => ''),
      )
      .not.toBe('');
    expect(await modal().count()).toBe(1);
    expect(await field('reason').locator('.modal-error').isHidden()).toBe(true);

    await field('duration').locator('input').fill('2h');
    await modal().getByRole('button', { name: 'Mute' }).click();
    await expect.poll(() => modal().count()).toBe(0);

    await page.getByLabel('Message or slash command').fill('/pipeline mutes');
    await page.getByLabel('Message or slash command').press('Enter');
    const answer = page.locator('.message.ephemeral', { hasText: 'known drift, vendor fixing' });
    await expect.poll(() => answer.count()).toBe(1);
    expect(await answer.innerText()).toContain('check=');
  });

  it('Cancel closes the modal and adds nothing', async () => {
    await open();
    await menu('Add note…');
    await modal().getByLabel('Note').fill('never sent');
    await modal().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => modal().count()).toBe(0);
    expect(await page.locator('.thread').count()).toBe(0);
    expect((await sandbox!.app.deps.alertStore.listActive()).flatMap((a) => a.notes ?? [])).toEqual([]);
  });
});
