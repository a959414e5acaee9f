/**
 * Renders Block Kit as terminal text, so local mode prints what Slack would show. States get distinct
 * symbols (✖ red, ▲ yellow, ✔ green); on a colour terminal they are coloured too, else plain text. Pure.
 */
import type { KnownBlock } from '@slack/types';
import type { Message } from './blocks.js';

/** How to print: `color` adds ANSI colours (a TTY that allows them); without it, plain text. */
export interface TerminalStyle {
  color?: boolean;
}

/** Why: the three states must differ by shape, not only by colour (plain logs, colour-blind readers). */
const STATE_SYMBOLS: Record<string, { symbol: string; ansi: string }> = {
  ':red_circle:': { symbol: '✖', ansi: '31' },
  ':large_yellow_circle:': { symbol: '▲', ansi: '33' },
  ':large_green_circle:': { symbol: '✔', ansi: '32' },
  ':white_circle:': { symbol: '○', ansi: '2' },
};

/** Why a map: the terminal cannot render Slack's emoji codes; these are their Unicode characters. */
const EMOJI: Record<string, string> = {
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

function symbol(code: string, style: TerminalStyle): string {
  const state = STATE_SYMBOLS[code];
  if (!state) return EMOJI[code] ?? code;
  return style.color ? `\x1b[${state.ansi}m${state.symbol}\x1b[0m` : state.symbol;
}

export function plain(mrkdwn: string, style: TerminalStyle = {}): string {
  return mrkdwn
    .replace(/:[a-z0-9_+-]+:/g, (m) => symbol(m, style))
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

export function renderBlocks(blocks: KnownBlock[], style: TerminalStyle = {}): string {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        lines.push(`== ${b.text.text} ==`);
        break;
      case 'section':
        if (b.text) lines.push(plain(b.text.text, style));
        if (b.fields) for (const f of b.fields) lines.push(`  ${plain(f.text, style).replace('\n', ': ')}`);
        if (b.accessory && b.accessory.type === 'button') lines.push(`  [ ${b.accessory.text.text} ]`);
        break;
      case 'context':
        lines.push(
          `  ${b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? plain(e.text, style) : '')).join('  ·  ')}`,
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

export function renderMessage(m: Message, style: TerminalStyle = {}): string {
  return m.blocks.length ? renderBlocks(m.blocks, style) : m.text;
}
