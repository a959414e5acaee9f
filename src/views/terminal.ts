/** Renders Block Kit as plain terminal text, so local mode prints exactly what Slack would show. Pure. */
import type { KnownBlock } from '@slack/types';
import type { Message } from './blocks.js';

const EMOJI: Record<string, string> = {
  ':red_circle:': '●',
  ':large_green_circle:': '●',
  ':large_yellow_circle:': '●',
  ':white_circle:': '○',
  ':hourglass_flowing_sand:': '⏳',
  ':white_check_mark:': '✅',
  ':x:': '❌',
  ':warning:': '⚠️',
  ':rotating_light:': '🚨',
  ':zzz:': '💤',
  ':wrench:': '🔧',
  ':green_square:': '🟩',
  ':red_square:': '🟥',
  ':yellow_square:': '🟨',
  ':white_large_square:': '⬜',
  ':eyes:': '👀',
  ':mag:': '🔍',
  ':no_entry:': '⛔',
  ':no_entry_sign:': '🚫',
  ':repeat:': '🔁',
  ':bell:': '🔔',
  ':alarm_clock:': '⏰',
  ':large_blue_circle:': '🔵',
  ':black_square_button:': '🔲',
};

export function plain(mrkdwn: string): string {
  return mrkdwn
    .replace(/:[a-z0-9_+-]+:/g, (m) => EMOJI[m] ?? m)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function elementLabel(e: object): string {
  if ('text' in e && e.text && typeof e.text === 'object' && 'text' in e.text)
    return `[ ${String(e.text.text)} ]`;
  if ('placeholder' in e && e.placeholder && typeof e.placeholder === 'object' && 'text' in e.placeholder) {
    return `[ ${String(e.placeholder.text)} ▾ ]`;
  }
  return '[ … ]';
}

export function renderBlocks(blocks: KnownBlock[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        lines.push(`== ${b.text.text} ==`);
        break;
      case 'section':
        if (b.text) lines.push(plain(b.text.text));
        if (b.fields) for (const f of b.fields) lines.push(`  ${plain(f.text).replace('\n', ': ')}`);
        if (b.accessory && b.accessory.type === 'button') lines.push(`  [ ${b.accessory.text.text} ]`);
        break;
      case 'context':
        lines.push(
          `  ${b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? plain(e.text) : '')).join('  ·  ')}`,
        );
        break;
      case 'actions':
        lines.push(`  ${b.elements.map(elementLabel).join(' ')}`);
        break;
      case 'divider':
        lines.push('─'.repeat(60));
        break;
      default:
        break;
    }
  }
  return lines.join('\n');
}

export function renderMessage(m: Message): string {
  return m.blocks.length ? renderBlocks(m.blocks) : m.text;
}
