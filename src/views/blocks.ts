/** Small Block Kit builders that keep within Slack's limits (SPEC §4). Pure. */

import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import { escapeMrkdwn } from '../util/mrkdwn.js';

/** Why these: Slack's Block Kit limits (SPEC §4); Slack refuses a message over one. fallbackText is ours. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  fallbackText: 3000,
} as const;

export interface Message {
  /** Plain-text fallback: notifications, screen readers, and local mode's terminal. */
  text: string;
  blocks: KnownBlock[];
}

export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Escapes user/data text for mrkdwn (the one escaping function, under the views' short name). */
export const esc = escapeMrkdwn;

export const header = (text: string): HeaderBlock => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
});

export const section = (text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) },
  ...extra,
});

export const fields = (pairs: { label: string; value: string }[]): SectionBlock => ({
  type: 'section',
  fields: pairs.slice(0, LIMITS.fields).map((p) => ({
    type: 'mrkdwn' as const,
    text: truncate(`*${p.label}*\n${esc(p.value)}`, LIMITS.fieldText),
  })),
});

export const context = (...texts: string[]): ContextBlock => ({
  type: 'context',
  elements: texts
    .slice(0, LIMITS.contextElements)
    .map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, LIMITS.fieldText) })),
});

export const divider = (): KnownBlock => ({ type: 'divider' });

export const button = (
  text: string,
  actionId: string,
  value: string,
  opts: { style?: 'primary' | 'danger'; url?: string; confirm?: Button['confirm'] } = {},
): Button => ({
  type: 'button',
  text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
  action_id: actionId,
  value,
  ...(opts.style ? { style: opts.style } : {}),
  ...(opts.url ? { url: opts.url } : {}),
  ...(opts.confirm ? { confirm: opts.confirm } : {}),
});

export const actions = (elements: ActionsBlock['elements'], blockId?: string): ActionsBlock => ({
  type: 'actions',
  elements,
  ...(blockId ? { block_id: blockId } : {}),
});

/** Keeps a message within the block limit: the last block says how many were cut. */
export function capBlocks(blocks: KnownBlock[], max: number = LIMITS.blocks): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  return [...kept, context(`…and ${blocks.length - kept.length} more blocks not shown`)];
}

/** Lists at most `max` items, then "and N more". */
export function listWithMore(items: string[], max: number, sep = ', '): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}and ${items.length - max} more`;
}
