/**
 * The sandbox page: channels with live messages (server-sent events), threads, edits, ephemeral replies,
 * the `/pipeline` composer, the user switcher and the App Home tab. Clicks and commands go to the
 * sandbox server, which signs them and sends them to the bot's /slack/events like Slack would.
 */

import { renderBlocks } from './blocks.js';
import { el } from './dom.js';
import { closeModal, openModal } from './modal.js';
import { mrkdwn } from './mrkdwn.js';

const state = {
  me: '',
  view: '',
  focus: '',
  data: undefined,
  queue: [],
  events: undefined,
  collapsed: new Set(),
  /** Channels with new messages since they were last open (their sidebar entry shows it). */
  unread: new Set(),
};
const $ = (id) => document.getElementById(id);

async function post(path, body) {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: state.me, ...body }),
  });
  const answer = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (!answer.ok) toast(answer.error ?? `the bot answered HTTP ${answer.status}`);
  return answer;
}

function toast(text) {
  const t = el('div', 'toast', text);
  t.setAttribute('role', 'alert');
  $('toasts').append(t);
  setTimeout(() => t.remove(), 6000);
}

function ctxFor(container) {
  return {
    users: state.data.users,
    channels: state.data.channels,
    act: (action) => post('/sandbox/action', { ...container, action }),
  };
}

function userName(id) {
  if (id === state.data.botUserId) return 'pipeline-bot';
  return state.data.users.find((u) => u.id === id)?.name ?? id;
}

function timeOf(ts) {
  return new Date(Number(ts.split('.')[0]) * 1000).toLocaleTimeString('en-US', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: state.data.team.timezone,
  });
}

function messageNode(m) {
  const node = el('div', `message${m.visibleTo ? ' ephemeral' : ''}`);
  node.dataset.ts = m.ts;
  const bot = m.user === state.data.botUserId;
  node.append(
    el('div', `avatar${bot ? ' bot' : ''}`, bot ? '⚙' : userName(m.user).slice(0, 1).toUpperCase()),
  );
  const body = el('div', 'message-body');
  const meta = el('div', 'meta');
  meta.append(el('span', 'author', userName(m.user)));
  if (bot) meta.append(el('span', 'app-tag', 'APP'));
  meta.append(el('span', 'time', timeOf(m.ts)));
  if (m.edited) meta.append(el('span', 'edited', '(edited)'));
  body.append(meta);
  if (m.visibleTo) {
    const only = el('div', 'only-you', '👁 Only visible to you · ');
    const dismiss = el('button', 'dismiss', 'Dismiss');
    dismiss.type = 'button';
    dismiss.addEventListener('click', () => post('/sandbox/dismiss', { channel: m.channel, ts: m.ts }));
    only.append(dismiss);
    body.append(only);
  }
  const ctx = ctxFor({ channel: m.channel, ts: m.ts });
  body.append(m.blocks?.length ? renderBlocks(m.blocks, ctx) : mrkdwn(m.text, ctx));
  node.append(body);
  return node;
}

function threadNode(root, replies) {
  const wrap = el('div', 'thread');
  const open = !state.collapsed.has(root.ts);
  const toggle = el('button', 'thread-toggle', `${replies.length} repl${replies.length > 1 ? 'ies' : 'y'}`);
  toggle.type = 'button';
  toggle.addEventListener('click', () => {
    if (open) state.collapsed.add(root.ts);
    else state.collapsed.delete(root.ts);
    render();
  });
  wrap.append(toggle);
  if (open) for (const r of replies) wrap.append(messageNode(r));
  return wrap;
}

function renderChannel(channelId) {
  const channel = state.data.channels.find((c) => c.id === channelId);
  $('title').textContent = channel?.dmWith ? `pipeline-bot · messages` : `# ${channel?.name ?? channelId}`;
  const list = $('messages');
  list.replaceChildren();
  const mine = state.data.messages.filter((m) => m.channel === channelId);
  const roots = mine.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  if (!roots.length) list.append(el('div', 'empty', 'No messages yet.'));
  for (const m of roots) {
    list.append(messageNode(m));
    const replies = mine.filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
    if (replies.length) list.append(threadNode(m, replies));
  }
  $('composer').hidden = false;
  $('composer-input').placeholder = `Message #${channel?.name ?? channelId} — try /pipeline status`;
  // A permalink (`#<channel>/<ts>`, from chat.getPermalink) shows its message; otherwise the newest.
  const focused = state.focus && list.querySelector(`.message[data-ts="${CSS.escape(state.focus)}"]`);
  if (focused) {
    focused.classList.add('focused');
    focused.scrollIntoView({ block: 'center' });
  } else list.scrollTop = list.scrollHeight;
}

function followPermalink() {
  const m = /^#([A-Z0-9]+)\/([0-9.]+)$/.exec(window.location.hash);
  if (!m) return false;
  state.focus = m[2];
  state.view = `channel:${m[1]}`;
  return true;
}

function renderHome() {
  $('title').textContent = 'pipeline-bot · Home';
  $('composer').hidden = true;
  const list = $('messages');
  list.replaceChildren();
  const view = state.data.home;
  if (!view) list.append(el('div', 'empty', 'Opening the App Home…'));
  else {
    const home = el('div', 'home');
    home.append(renderBlocks(view.blocks ?? [], ctxFor({ home: true })));
    list.append(home);
  }
}

function sidebarItem(label, view, testId) {
  const unread = state.unread.has(view) ? ' unread' : '';
  const b = el('button', `nav${state.view === view ? ' active' : unread}`, label);
  b.type = 'button';
  b.dataset.nav = testId;
  b.addEventListener('click', () => select(view));
  return b;
}

function renderSidebar() {
  const nav = $('nav');
  nav.replaceChildren(el('div', 'nav-title', 'Channels'));
  for (const c of state.data.channels.filter((x) => !x.dmWith))
    nav.append(sidebarItem(`# ${c.name}`, `channel:${c.id}`, c.name));
  nav.append(el('div', 'nav-title', 'Apps'));
  nav.append(sidebarItem('⚙ pipeline-bot · Home', 'home', 'home'));
  const dm = state.data.channels.find((c) => c.dmWith === state.me);
  if (dm) nav.append(sidebarItem('⚙ pipeline-bot · Messages', `channel:${dm.id}`, 'dm'));
}

function render() {
  if (!state.data) return;
  renderSidebar();
  if (state.view === 'home') renderHome();
  else renderChannel(state.view.slice('channel:'.length));
}

function select(view) {
  if (view !== state.view) state.focus = '';
  state.view = view;
  state.unread.delete(view);
  render();
  if (view === 'home') post('/sandbox/home', {});
}

function apply(e) {
  const d = state.data;
  if (e.kind === 'channel' && !d.channels.some((c) => c.id === e.channel.id)) d.channels.push(e.channel);
  if (e.kind === 'home') d.home = e.view;
  if (e.kind === 'delete') d.messages = d.messages.filter((m) => !(m.channel === e.channel && m.ts === e.ts));
  if (e.kind === 'message') {
    const i = d.messages.findIndex((m) => m.channel === e.message.channel && m.ts === e.message.ts);
    if (i >= 0) d.messages[i] = e.message;
    else d.messages.push(e.message);
  }
}

function fillSwitcher() {
  const switcher = $('user');
  if (!switcher.options.length) {
    for (const u of state.data.users) {
      const o = el('option', '', `@${u.name} (${u.role})`);
      o.value = u.id;
      switcher.append(o);
    }
  }
  switcher.value = state.me;
}

/**
 * (Re)loads everything the user sees once the event stream is open — at start, after switching user, and
 * after the stream reconnects (the bot restarted) — then applies the events that came in meanwhile.
 */
async function refresh(user) {
  state.data = undefined;
  const res = await fetch(`/sandbox/state?user=${encodeURIComponent(user)}`);
  const data = await res.json();
  if (user !== state.me) return;
  state.data = data;
  for (const e of state.queue.splice(0)) apply(e);
  if (!state.view) followPermalink();
  const known = state.view === 'home' || state.data.channels.some((c) => `channel:${c.id}` === state.view);
  if (!known) state.view = `channel:${state.data.channels[0].id}`;
  $('team').textContent = state.data.team.name;
  fillSwitcher();
  document.body.setAttribute('data-live', 'true');
  select(state.view);
}

/** What a modal needs from the page: posting as the current user, toasts, and the mrkdwn context. */
function modalIo() {
  const ctx = {
    users: state.data?.users ?? [],
    channels: state.data?.channels ?? [],
    act: () => toast('Buttons inside modals are not drawn by the sandbox.'),
  };
  return { post, toast, ctx };
}

function connect(user) {
  // A modal belongs to the user who opened it: switching user closes it, as it would in their client.
  closeModal();
  state.me = user;
  state.unread.clear();
  state.queue = [];
  state.events?.close();
  document.body.removeAttribute('data-live');
  const events = new EventSource(`/sandbox/events?user=${encodeURIComponent(user)}`);
  events.onopen = () => refresh(user).catch(() => toast('Could not load the workspace.'));
  events.onerror = () => document.body.removeAttribute('data-live');
  events.onmessage = (msg) => {
    const e = JSON.parse(msg.data);
    if (e.kind === 'modal') return openModal(e.view, modalIo());
    if (e.kind === 'modal-closed') return closeModal(e.viewId);
    if (!state.data) return state.queue.push(e);
    apply(e);
    const where = e.kind === 'message' && `channel:${e.message.channel}`;
    if (where && where !== state.view && !e.message.edited) state.unread.add(where);
    render();
  };
  state.events = events;
}

window.addEventListener('hashchange', () => {
  if (state.data && followPermalink()) render();
});
$('user').addEventListener('change', (e) => connect(e.target.value));
$('composer').addEventListener('submit', async (e) => {
  e.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text) return;
  const answer = await post('/sandbox/command', { channel: state.view.slice('channel:'.length), text });
  if (answer.ok) input.value = '';
});

fetch('/sandbox/users')
  .then((r) => r.json())
  .then((users) => connect(users[0].id))
  .catch(() => toast('The sandbox is not answering; is the bot running?'));
