/**
 * Slack mrkdwn → DOM nodes, built with text nodes only (never innerHTML): *bold*, _italic_, ~strike~,
 * `code`, ```preformatted```, > quotes, <links|label>, <@U…> mentions, <#C…> channels,
 * <!subteam^S…> groups, <!here>, :emoji: shortcodes. Slack's &amp; &lt; &gt; entities become text.
 */
import { el } from './dom.js';

/** Why a short list: the shortcodes the bot sends and a few common ones; unknown ones stay `:name:` text. */
const EMOJI = {
  alarm_clock: '⏰',
  bell: '🔔',
  black_square_button: '🔲',
  eyes: '👀',
  green_square: '🟩',
  hourglass_flowing_sand: '⏳',
  large_blue_circle: '🔵',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  lock: '🔒',
  mag: '🔍',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  red_circle: '🔴',
  red_square: '🟥',
  repeat: '🔁',
  rotating_light: '🚨',
  warning: '⚠️',
  white_check_mark: '✅',
  white_circle: '⚪',
  white_large_square: '⬜',
  wrench: '🔧',
  x: '❌',
  yellow_square: '🟨',
  zzz: '💤',
  tada: '🎉',
  thumbsup: '👍',
  '+1': '👍',
  heavy_check_mark: '✔️',
  information_source: 'ℹ️',
  calendar: '📅',
  chart_with_upwards_trend: '📈',
  robot_face: '🤖',
};

export function decodeEntities(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only these link schemes become links (a `javascript:` URL stays text). */
function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : undefined;
}

export function emojiText(name) {
  return Object.hasOwn(EMOJI, name) ? EMOJI[name] : `:${name}:`;
}

/** Plain text with emoji shortcodes (plain_text objects with `emoji: true`). */
export function plainText(text, emoji = true) {
  const s = emoji
    ? text.replace(/:([a-z0-9_+-]+):/g, (m, name) => (Object.hasOwn(EMOJI, name) ? EMOJI[name] : m))
    : text;
  return document.createTextNode(s);
}

/** `<…>` tokens: mentions, channels, groups, specials, links. */
function angle(token, ctx) {
  const [target, label] = splitOnce(token, '|');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const user = ctx.users.find((u) => u.id === id);
    return el('span', 'mention', `@${label ?? user?.name ?? id}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const channel = ctx.channels.find((c) => c.id === id);
    return el('span', 'mention', `#${label ?? channel?.name ?? id}`);
  }
  if (target.startsWith('!subteam^')) return el('span', 'mention', label ?? `@${target.slice(9)}`);
  if (target.startsWith('!')) return el('span', 'mention', `@${label ?? target.slice(1)}`);
  const url = safeUrl(decodeEntities(target));
  if (!url) return document.createTextNode(decodeEntities(label ?? target));
  const a = el('a', 'link', decodeEntities(label ?? target));
  a.href = url;
  // A permalink into this page (chat.getPermalink) opens in place; anything else in a new tab.
  if (!url.startsWith(`${window.location.origin}/#`)) {
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
  }
  return a;
}

function splitOnce(s, sep) {
  const i = s.indexOf(sep);
  return i < 0 ? [s] : [s.slice(0, i), s.slice(i + 1)];
}

/** Why the look-arounds: like Slack, `*`, `_` and `~` only format at word edges (file_name stays plain). */
const INLINE =
  /`([^`\n]+)`|<([^<>\n]+)>|(?<![\p{L}\p{N}])\*([^*\n]+)\*(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_([^_\n]+)_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])~([^~\n]+)~(?![\p{L}\p{N}])|:([a-z0-9_+-]+):/gu;

/** Inline formatting of one run of text into `parent`. */
function inline(text, parent, ctx) {
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) parent.append(decodeEntities(text.slice(last, m.index)));
    if (m[1] !== undefined) parent.append(el('code', 'code', decodeEntities(m[1])));
    else if (m[2] !== undefined) parent.append(angle(m[2], ctx));
    else if (m[6] !== undefined) parent.append(emojiText(m[6]));
    else {
      const tag = m[3] !== undefined ? 'b' : m[4] !== undefined ? 'i' : 's';
      const node = el(tag);
      inline(m[3] ?? m[4] ?? m[5], node, ctx);
      parent.append(node);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(decodeEntities(text.slice(last)));
}

/** A mrkdwn string as a DOM fragment. `ctx` gives users and channels for mentions. */
export function mrkdwn(text, ctx) {
  const out = el('span', 'mrkdwn');
  const parts = text.split('```');
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      out.append(el('pre', 'pre', decodeEntities(part.replace(/^\n/, ''))));
      return;
    }
    const lines = part.split('\n');
    lines.forEach((line, k) => {
      const quote = /^(&gt;|>) ?/.exec(line);
      const target = quote ? el('span', 'quote') : out;
      inline(quote ? line.slice(quote[0].length) : line, target, ctx);
      if (quote) out.append(target);
      if (k < lines.length - 1 && !quote) out.append(document.createElement('br'));
    });
  });
  return out;
}
