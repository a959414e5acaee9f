export const LIMITS = {
    blocks: 50,
    sectionText: 3000,
    fieldText: 2000,
    fields: 10,
    headerText: 150,
    contextElements: 10,
    buttonText: 75,
    fallbackText: 3000,
};
export function truncate(s, max) {
    return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
/** Escapes user/data text for mrkdwn. */
export function esc(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
export const header = (text) => ({
    type: 'header',
    text: { type: 'plain_text', text: truncate(text, LIMITS.headerText), emoji: true },
});
export const section = (text, extra = {}) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) },
    ...extra,
});
export const fields = (pairs) => ({
    type: 'section',
    fields: pairs.slice(0, LIMITS.fields).map((p) => ({
        type: 'mrkdwn',
        text: truncate(`*${p.label}*\n${esc(p.value)}`, LIMITS.fieldText),
    })),
});
export const context = (...texts) => ({
    type: 'context',
    elements: texts
        .slice(0, LIMITS.contextElements)
        .map((t) => ({ type: 'mrkdwn', text: truncate(t, LIMITS.fieldText) })),
});
export const divider = () => ({ type: 'divider' });
export const button = (text, actionId, value, opts = {}) => ({
    type: 'button',
    text: { type: 'plain_text', text: truncate(text, LIMITS.buttonText), emoji: true },
    action_id: actionId,
    value,
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
});
export const actions = (elements, blockId) => ({
    type: 'actions',
    elements,
    ...(blockId ? { block_id: blockId } : {}),
});
/** Keeps a message within the block limit: the last block says how many were cut. */
export function capBlocks(blocks, max = LIMITS.blocks) {
    if (blocks.length <= max)
        return blocks;
    const kept = blocks.slice(0, max - 1);
    return [...kept, context(`…and ${blocks.length - kept.length} more blocks not shown`)];
}
/** Lists at most `max` items, then "and N more". */
export function listWithMore(items, max, sep = ', ') {
    if (items.length <= max)
        return items.join(sep);
    return `${items.slice(0, max).join(sep)}${sep}and ${items.length - max} more`;
}
//# sourceMappingURL=blocks.js.map