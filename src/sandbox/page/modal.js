/**
 * Modals (`views.open`), as Slack draws them: title, blocks (input blocks with plain-text inputs, single
 * or multi-line, and static selects; section and context via blocks.js), Cancel and Submit. Submit sends
 * the inputs' state; errors the bot answers with show under their inputs and the modal stays open.
 * Every text goes through text nodes. `io`: { post(path, body), toast(text), ctx }.
 */
import { renderBlocks, textObject } from './blocks.js';
import { el } from './dom.js';

let current;

function plainTextInput(e, id) {
  const input = el(e.multiline ? 'textarea' : 'input', 'modal-input');
  input.id = id;
  if (e.initial_value) input.value = e.initial_value;
  if (e.placeholder?.text) input.placeholder = e.placeholder.text;
  if (e.max_length) input.maxLength = e.max_length;
  return { node: input, read: () => ({ type: e.type, value: input.value || null }) };
}

function staticSelect(e, id) {
  const select = el('select', 'select modal-input');
  select.id = id;
  const none = el('option', '', e.placeholder?.text ?? 'Select an item');
  none.value = '';
  select.append(none);
  const options = e.options ?? (e.option_groups ?? []).flatMap((g) => g.options);
  options.forEach((o, i) => {
    const opt = el('option', '', o.text?.text ?? o.value);
    opt.value = String(i);
    if (e.initial_option?.value === o.value) opt.selected = true;
    select.append(opt);
  });
  const read = () => {
    const o = options[Number(select.value)];
    return { type: e.type, selected_option: select.value && o ? { text: o.text, value: o.value } : null };
  };
  return { node: select, read, empty: () => !select.value };
}

function inputBlock(b, index, ctx) {
  const blockId = b.block_id ?? `block-${index}`;
  const e = b.element ?? {};
  const id = `modal-${blockId}`;
  const wrap = el('div', 'block modal-field');
  wrap.dataset.blockId = blockId;
  const label = el('label', 'modal-label');
  label.htmlFor = id;
  label.append(textObject(b.label, ctx));
  if (b.optional) label.append(el('span', 'modal-optional', ' (optional)'));
  wrap.append(label);
  const field =
    e.type === 'plain_text_input'
      ? plainTextInput(e, id)
      : e.type === 'static_select'
        ? staticSelect(e, id)
        : { node: el('span', 'unsupported', `[${e.type} is not drawn by the sandbox]`), read: () => null };
  wrap.append(field.node);
  if (b.hint) wrap.append(el('div', 'modal-hint', b.hint.text ?? ''));
  const error = el('div', 'modal-error');
  error.setAttribute('role', 'alert');
  error.hidden = true;
  wrap.append(error);
  const empty = field.empty ?? (() => !field.node.value?.trim());
  return {
    blockId,
    actionId: e.action_id ?? 'input',
    wrap,
    error,
    read: field.read,
    required: !b.optional,
    empty,
  };
}

function showErrors(fields, errors, general) {
  for (const f of fields) {
    const message = errors[f.blockId];
    f.error.textContent = message ?? '';
    f.error.hidden = !message;
  }
  const unknown = Object.keys(errors).filter((k) => !fields.some((f) => f.blockId === k));
  general.textContent = unknown.map((k) => errors[k]).join(' ');
  general.hidden = !unknown.length;
}

export function closeModal(viewId) {
  if (!current || (viewId && current.id !== viewId)) return;
  const dialog = current.dialog;
  current = undefined;
  dialog.close();
  dialog.remove();
}

/** Draws the modal `opened` ({ id, view }) over the page, replacing any the user had open. */
export function openModal(opened, io) {
  closeModal();
  const view = opened.view;
  const dialog = el('dialog', 'modal');
  dialog.dataset.viewId = opened.id;
  dialog.setAttribute('aria-label', view.title?.text ?? 'Modal');
  const form = el('form', 'modal-form');
  form.noValidate = true;
  form.append(el('h2', 'modal-title', view.title?.text ?? ''));
  const body = el('div', 'modal-body');
  const fields = [];
  for (const [i, b] of (view.blocks ?? []).entries()) {
    if (b.type !== 'input') {
      body.append(renderBlocks([b], io.ctx));
      continue;
    }
    const f = inputBlock(b, i, io.ctx);
    fields.push(f);
    body.append(f.wrap);
  }
  const general = el('div', 'modal-error');
  general.setAttribute('role', 'alert');
  general.hidden = true;
  const row = el('div', 'confirm-buttons');
  const cancel = el('button', 'btn', view.close?.text ?? 'Cancel');
  cancel.type = 'button';
  row.append(cancel);
  if (view.submit) {
    const submit = el('button', 'btn primary', view.submit.text ?? 'Submit');
    submit.type = 'submit';
    row.append(submit);
  }
  form.append(body, general, row);
  dialog.append(form);
  const close = () => {
    closeModal(opened.id);
    io.post('/sandbox/view/close', { view_id: opened.id });
  };
  cancel.addEventListener('click', close);
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Like Slack's client: a required input left empty is refused before anything is sent.
    const missing = Object.fromEntries(
      fields.filter((f) => f.required && f.empty()).map((f) => [f.blockId, 'Please fill out this field.']),
    );
    showErrors(fields, missing, general);
    if (Object.keys(missing).length) return;
    const values = {};
    for (const f of fields) values[f.blockId] = { [f.actionId]: f.read() };
    const answer = await io.post('/sandbox/view/submit', { view_id: opened.id, values });
    if (answer.errors) showErrors(fields, answer.errors, general);
    else if (answer.ok) closeModal(opened.id);
  });
  current = { id: opened.id, dialog };
  document.body.append(dialog);
  dialog.showModal();
}
