/**
 * In a real browser (Debian's Chromium): the page draws Block Kit and mrkdwn as Slack does — header,
 * section text/fields/accessory, context, divider, actions with button styles, overflow — with bold,
 * italics, strike, code, preformatted, quotes, safe links only, mentions and emoji; edits show in place.
 * The message is posted by the bot's own chat adapter (Web API → the sandbox).
 */
import type { KnownBlock } from '@slack/types';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.js';
import { type SandboxApp, startSandboxApp } from '../support/sandbox.js';

const TEXT = [
  '*bold* _italic_ ~gone~ `code` for <@U0ONCALL> in <#C0ALERTS> :white_check_mark: :not_an_emoji:',
  '<https://example.com/runbook|the runbook> and <javascript:alert(1)|a trap> and file_name_with_underscores',
  '&gt; quoted &lt;b&gt;not bold&lt;/b&gt;',
  '```line 1 *not bold*\nline 2```',
].join('\n');

const BLOCKS: KnownBlock[] = [
  { type: 'header', text: { type: 'plain_text', text: 'Rendering :wrench:', emoji: true } },
  {
    type: 'section',
    text: { type: 'mrkdwn', text: TEXT },
    accessory: {
      type: 'overflow',
      action_id: 'more',
      options: [
        { text: { type: 'plain_text', text: 'First' }, value: '1' },
        { text: { type: 'plain_text', text: 'Second' }, value: '2' },
      ],
    },
  },
  {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: '*Left*\none' },
      { type: 'mrkdwn', text: '*Right*\ntwo' },
    ],
  },
  { type: 'divider' },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'small print · <!here>' }] },
  {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: 'a',
        text: { type: 'plain_text', text: 'Primary' },
        style: 'primary',
        value: '1',
      },
      {
        type: 'button',
        action_id: 'b',
        text: { type: 'plain_text', text: 'Danger' },
        style: 'danger',
        value: '2',
      },
      { type: 'button', action_id: 'c', text: { type: 'plain_text', text: 'Plain' }, value: '3' },
    ],
  },
];

describe('sandbox page: Block Kit and mrkdwn rendering', () => {
  let browser: Browser;
  let sandbox: SandboxApp;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    sandbox = await startSandboxApp();
    page = await browser.newPage();
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await sandbox?.stop();
  });

  it('draws every block type and mrkdwn feature the bot uses, escaped', async () => {
    const posted = await sandbox.app.deps.chat!.post({
      channel: 'C0ALERTS',
      text: 'fallback',
      blocks: BLOCKS,
    });
    await page.goto(sandbox.url);
    const m = page.locator(`.message[data-ts="${posted.ts}"]`);
    await expect.poll(() => m.count()).toBe(1);

    expect(await m.locator('.header').innerText()).toBe('Rendering 🔧');
    const section = m.locator('.section').first();
    expect(await section.locator('b').first().innerText()).toBe('bold');
    expect(await section.locator('i').first().innerText()).toBe('italic');
    expect(await section.locator('s').innerText()).toBe('gone');
    expect(await section.locator('code').innerText()).toBe('code');
    expect(await section.locator('.mention').allInnerTexts()).toEqual(['@ada', '#pipeline-alerts']);
    const text = await section.innerText();
    expect(text).toContain('✅ :not_an_emoji:');
    expect(text).toContain('file_name_with_underscores');
    expect(text).toContain('quoted <b>not bold</b>');
    const links = section.locator('a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/runbook');
    expect(await links.innerText()).toBe('the runbook');
    expect(text).toContain('a trap');
    expect(await section.locator('.quote').innerText()).toBe('quoted <b>not bold</b>');
    expect(await section.locator('pre').innerText()).toBe('line 1 *not bold*\nline 2');

    await section.getByRole('button', { name: 'More actions' }).click();
    expect(await section.locator('.overflow-item').allInnerTexts()).toEqual(['First', 'Second']);
    expect(await m.locator('.field').allInnerTexts()).toEqual(['Left\none', 'Right\ntwo']);
    expect(await m.locator('hr.divider').count()).toBe(1);
    expect(await m.locator('.context').innerText()).toBe('small print · @here');
    expect(await m.locator('.actions .btn.primary').innerText()).toBe('Primary');
    expect(await m.locator('.actions .btn.danger').innerText()).toBe('Danger');

    // An edit (chat.update) redraws the same message in place.
    await sandbox.app.deps.chat!.update({ channel: 'C0ALERTS', ts: posted.ts, text: 'now *plain* text' });
    await expect.poll(() => m.innerText()).toContain('now plain text');
    expect(await m.locator('.edited').innerText()).toBe('(edited)');
    expect(await m.locator('.header').count()).toBe(0);
  });
});
