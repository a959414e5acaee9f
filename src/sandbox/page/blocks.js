/**
 * Block Kit → DOM, as Slack draws it: header, section (text, fields, accessory), context, divider,
 * actions (buttons with styles and confirm dialogs, static selects, overflow menus), image. Every text
 * goes through text nodes; an unknown block says so instead of vanishing.
 * `ctx`: { users, channels, act(action) } — `act` sends a click to the bot.
 */
import { el } from './dom.js';
import { decodeEntities, mrkdwn, plainText } from './mrkdwn.js';

/** A text object (`plain_text` or `mrkdwn`). */
export function textObject(obj, ctx) {
  if (!obj) return document.createTextNode('');
  if (obj.type === 'mrkdwn') return mrkdwn(obj.text ?? '', ctx);
  return plainText(decodeEntities(obj.text ?? ''), obj.emoji !== false);
}

/** Slack's confirm dialog; resolves true when confirmed. */
export function confirmDialog(spec, ctx) {
  return new Promise((resolve) => {
    const dialog = el('dialog', 'confirm');
    dialog.append(el('h2', 'confirm-title', spec.title?.text ?? 'Are you sure?'));
    const body = el('div', 'confirm-text');
    body.append(textObject(spec.text, ctx));
    const deny = el('button', 'btn', spec.deny?.text ?? 'Cancel');
    const ok = el(
      'button',
      `btn ${spec.style === 'danger' ? 'danger' : 'primary'}`,
      spec.confirm?.text ?? 'Yes',
    );
    const row = el('div', 'confirm-buttons');
    row.append(deny, ok);
    dialog.append(body, row);
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    deny.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', () => close(false));
    document.body.append(dialog);
    dialog.showModal();
  });
}

async function fire(element, blockId, ctx, extra) {
  if (element.confirm && !(await confirmDialog(element.confirm, ctx))) return;
  ctx.act({ type: element.type, action_id: element.action_id, block_id: blockId, ...extra });
}

function button(element, blockId, ctx) {
  const b = el('button', `btn ${element.style ?? ''}`.trim());
  b.append(textObject(element.text, ctx));
  b.type = 'button';
  b.addEventListener('click', () => {
    if (element.url && /^https?:/i.test(element.url)) window.open(element.url, '_blank', 'noopener');
    fire(element, blockId, ctx, { value: element.value, text: element.text?.text });
  });
  return b;
}

function staticSelect(element, blockId, ctx) {
  const select = el('select', 'select');
  select.setAttribute('aria-label', element.placeholder?.text ?? element.action_id);
  const placeholder = el('option', '', element.placeholder?.text ?? 'Select an item');
  placeholder.value = '';
  select.append(placeholder);
  const options = element.options ?? (element.option_groups ?? []).flatMap((g) => g.options);
  options.forEach((o, i) => {
    const opt = el('option', '', o.text?.text ?? o.value);
    opt.value = String(i);
    select.append(opt);
  });
  select.addEventListener('change', () => {
    const o = options[Number(select.value)];
    if (!o) return;
    fire(element, blockId, ctx, { selected_option: { value: o.value, text: o.text?.text } });
  });
  return select;
}

function overflow(element, blockId, ctx) {
  const wrap = el('span', 'overflow');
  const toggle = el('button', 'btn overflow-toggle', '⋯');
  toggle.type = 'button';
  toggle.setAttribute('aria-label', 'More actions');
  const menu = el('div', 'overflow-menu');
  menu.hidden = true;
  for (const o of element.options ?? []) {
    const item = el('button', 'overflow-item', o.text?.text ?? o.value);
    item.type = 'button';
    item.addEventListener('click', () => {
      menu.hidden = true;
      if (o.url && /^https?:/i.test(o.url)) window.open(o.url, '_blank', 'noopener');
      fire(element, blockId, ctx, { selected_option: { value: o.value, text: o.text?.text } });
    });
    menu.append(item);
  }
  toggle.addEventListener('click', () => {
    menu.hidden = !menu.hidden;
  });
  wrap.append(toggle, menu);
  return wrap;
}

/** An interactive or image element (actions block, section accessory, context). */
function element(e, blockId, ctx) {
  switch (e.type) {
    case 'button':
      return button(e, blockId, ctx);
    case 'static_select':
      return staticSelect(e, blockId, ctx);
    case 'overflow':
      return overflow(e, blockId, ctx);
    case 'image':
      // Remote images are not loaded (nothing leaves this machine); the alt text stands in.
      return el('span', 'image-alt', `[image: ${e.alt_text ?? ''}]`);
    case 'mrkdwn':
    case 'plain_text': {
      const span = el('span', 'context-text');
      span.append(textObject(e, ctx));
      return span;
    }
    default:
      return el('span', 'unsupported', `[${e.type} is not drawn by the sandbox]`);
  }
}

function block(b, ctx) {
  switch (b.type) {
    case 'header': {
      const h = el('div', 'block header');
      h.append(textObject(b.text, ctx));
      return h;
    }
    case 'section': {
      const s = el('div', 'block section');
      const main = el('div', 'section-main');
      if (b.text) main.append(textObject(b.text, ctx));
      if (b.fields?.length) {
        const grid = el('div', 'fields');
        for (const f of b.fields) {
          const cell = el('div', 'field');
          cell.append(textObject(f, ctx));
          grid.append(cell);
        }
        main.append(grid);
      }
      s.append(main);
      if (b.accessory) s.append(element(b.accessory, b.block_id, ctx));
      return s;
    }
    case 'context': {
      const c = el('div', 'block context');
      for (const e of b.elements ?? []) c.append(element(e, b.block_id, ctx));
      return c;
    }
    case 'divider':
      return el('hr', 'block divider');
    case 'actions': {
      const a = el('div', 'block actions');
      for (const e of b.elements ?? []) a.append(element(e, b.block_id, ctx));
      return a;
    }
    case 'image':
      return el('div', 'block image-alt', `[image: ${b.alt_text ?? ''}]`);
    default:
      return el('div', 'block unsupported', `[${b.type} block is not drawn by the sandbox]`);
  }
}

export function renderBlocks(blocks, ctx) {
  const wrap = el('div', 'blocks');
  for (const b of blocks) wrap.append(block(b, ctx));
  return wrap;
}
