const EMOJI = {
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
};
export function plain(mrkdwn) {
    return mrkdwn
        .replace(/:[a-z0-9_+-]+:/g, (m) => EMOJI[m] ?? m)
        .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
        .replace(/<([^>]+)>/g, '$1')
        .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1$2')
        .replace(/(^|[\s(])_([^_\n]+)_/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
}
export function renderBlocks(blocks) {
    const lines = [];
    for (const b of blocks) {
        switch (b.type) {
            case 'header':
                lines.push(`== ${b.text.text} ==`);
                break;
            case 'section':
                if (b.text)
                    lines.push(plain(b.text.text));
                if (b.fields)
                    for (const f of b.fields)
                        lines.push(`  ${plain(f.text).replace('\n', ': ')}`);
                if (b.accessory && b.accessory.type === 'button')
                    lines.push(`  [ ${b.accessory.text.text} ]`);
                break;
            case 'context':
                lines.push(`  ${b.elements.map((e) => ('text' in e && typeof e.text === 'string' ? plain(e.text) : '')).join('  ·  ')}`);
                break;
            case 'actions':
                lines.push(`  ${b.elements.map((e) => ('text' in e && e.text ? `[ ${e.text.text} ]` : '[ … ]')).join(' ')}`);
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
export function renderMessage(m) {
    return m.blocks.length ? renderBlocks(m.blocks) : m.text;
}
//# sourceMappingURL=terminal.js.map