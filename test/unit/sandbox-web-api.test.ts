/**
 * The sandbox's Slack semantics, without HTTP: Web API methods as Slack answers them, response_url posts
 * (replace, delete, in-channel, ephemeral by default), and who sees what (ephemerals, DMs, App Home).
 */
import { describe, expect, it } from 'vitest';
import { callWebApi, decodeApiBody, respondTo } from '../../src/sandbox/web-api.js';
import { Workspace, type WorkspaceEvent } from '../../src/sandbox/workspace.js';

const BOT = 'U0PIPEBOT';
const PAGE = 'http://127.0.0.1:3000/';

function workspace() {
  return new Workspace({
    teamId: 'T0SANDBOX',
    teamName: 'Sandbox',
    timezone: 'America/New_York',
    now: () => new Date('2026-02-10T20:00:00.000Z'),
    botUserId: BOT,
    users: [
      { id: 'U0ONCALL', name: 'ada', role: 'on-call' },
      { id: 'U0VISITOR', name: 'sam', role: 'visitor' },
    ],
    channels: [{ id: 'C0ALERTS', name: 'pipeline-alerts' }],
    usergroups: { S0ONCALL: ['U0ONCALL'] },
  });
}

const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }];

describe('sandbox Web API', () => {
  it('chat.postMessage, chat.update, threads, history and permalinks behave as Slack', () => {
    const ws = workspace();
    const root = callWebApi(ws, 'chat.postMessage', { channel: 'C0ALERTS', text: 'alert', blocks }, PAGE);
    expect(root).toMatchObject({ ok: true, channel: 'C0ALERTS', message: { user: BOT, blocks } });
    const ts = String((root as Record<string, unknown>).ts);
    expect(ts).toMatch(/^1770753600\.\d{6}$/);
    const reply = callWebApi(
      ws,
      'chat.postMessage',
      { channel: 'C0ALERTS', text: 'note', thread_ts: ts },
      PAGE,
    );
    expect(reply).toMatchObject({ ok: true, message: { thread_ts: ts } });
    expect(callWebApi(ws, 'chat.update', { channel: 'C0ALERTS', ts, text: 'edited' }, PAGE)).toMatchObject({
      ok: true,
      text: 'edited',
    });
    expect(ws.find('C0ALERTS', ts)).toMatchObject({ text: 'edited', edited: true, blocks: undefined });
    expect(callWebApi(ws, 'conversations.history', { channel: 'C0ALERTS' }, PAGE)).toMatchObject({
      messages: [{ ts, text: 'edited' }],
    });
    expect(callWebApi(ws, 'chat.getPermalink', { channel: 'C0ALERTS', message_ts: ts }, PAGE)).toEqual({
      ok: true,
      channel: 'C0ALERTS',
      permalink: `${PAGE}#C0ALERTS/${ts}`,
    });
  });

  it('answers errors the way Slack does, and unknown methods are refused rather than faked', () => {
    const ws = workspace();
    expect(callWebApi(ws, 'chat.postMessage', { text: 'x' }, PAGE)).toEqual({
      ok: false,
      error: 'channel_not_found',
    });
    expect(callWebApi(ws, 'chat.postMessage', { channel: 'C0ALERTS' }, PAGE)).toEqual({
      ok: false,
      error: 'no_text',
    });
    expect(callWebApi(ws, 'chat.update', { channel: 'C0ALERTS', ts: '1.2', text: 'x' }, PAGE)).toEqual({
      ok: false,
      error: 'message_not_found',
    });
    expect(callWebApi(ws, 'views.push', { view: {} }, PAGE)).toEqual({ ok: false, error: 'unknown_method' });
    expect(callWebApi(ws, 'usergroups.users.list', { usergroup: 'S0ONCALL' }, PAGE)).toEqual({
      ok: true,
      users: ['U0ONCALL'],
    });
    expect(callWebApi(ws, 'usergroups.users.list', { usergroup: 'S0OTHER' }, PAGE)).toEqual({
      ok: true,
      users: [],
    });
  });

  it('a post to a channel the workspace does not know yet (a routed channel) creates it', () => {
    const ws = workspace();
    const seen: WorkspaceEvent[] = [];
    ws.subscribe((e) => seen.push(e));
    expect(callWebApi(ws, 'chat.postMessage', { channel: 'C0ROUTED', text: 'x' }, PAGE)).toMatchObject({
      ok: true,
    });
    expect(ws.snapshot('U0VISITOR').channels).toEqual([
      { id: 'C0ALERTS', name: 'pipeline-alerts' },
      { id: 'C0ROUTED', name: 'c0routed' },
    ]);
    expect(seen.map((e) => e.kind)).toEqual(['channel', 'message']);
  });

  it('decodes the WebClient form body (blocks as JSON) and JSON bodies', () => {
    const form = new URLSearchParams({ channel: 'C1', text: '{not json}', blocks: JSON.stringify(blocks) });
    expect(decodeApiBody(form.toString(), 'application/x-www-form-urlencoded')).toEqual({
      channel: 'C1',
      text: '{not json}',
      blocks,
    });
    expect(decodeApiBody('{"a":1}', 'application/json; charset=utf-8')).toEqual({ a: 1 });
  });
});

describe('sandbox response_url and visibility', () => {
  it('an ephemeral reply by default, seen only by the user who acted', () => {
    const ws = workspace();
    const id = ws.responseUrlId({ channel: 'C0ALERTS', user: 'U0ONCALL' });
    expect(respondTo(ws, id, { text: 'only you', response_type: 'ephemeral' })).toEqual({ ok: true });
    expect(ws.snapshot('U0ONCALL').messages.map((m) => m.text)).toEqual(['only you']);
    expect(ws.snapshot('U0VISITOR').messages).toEqual([]);
    expect(respondTo(ws, 'no-such-id', { text: 'x' })).toEqual({ ok: false, error: 'expired_url' });
  });

  it('replace_original edits the clicked message (an ephemeral one stays private); delete_original removes it', () => {
    const ws = workspace();
    const plan = ws.post({ channel: 'C0ALERTS', user: BOT, text: 'confirm?', visibleTo: 'U0ONCALL' });
    const id = ws.responseUrlId({ channel: 'C0ALERTS', user: 'U0ONCALL', messageTs: plan.ts });
    expect(respondTo(ws, id, { text: 'done', replace_original: true })).toEqual({ ok: true });
    expect(ws.snapshot('U0ONCALL').messages).toMatchObject([
      { ts: plan.ts, text: 'done', visibleTo: 'U0ONCALL' },
    ]);
    expect(respondTo(ws, id, { delete_original: 'true' })).toEqual({ ok: true });
    expect(ws.snapshot('U0ONCALL').messages).toEqual([]);

    const open = ws.post({ channel: 'C0ALERTS', user: BOT, text: 'alert' });
    const other = ws.responseUrlId({ channel: 'C0ALERTS', user: 'U0VISITOR', messageTs: open.ts });
    expect(respondTo(ws, other, { text: 'for all', response_type: 'in_channel' })).toEqual({ ok: true });
    expect(ws.snapshot('U0ONCALL').messages.map((m) => m.text)).toEqual(['alert', 'for all']);
  });

  it('DMs and App Home views reach their user only; events are filtered the same way', () => {
    const ws = workspace();
    const seen: WorkspaceEvent[] = [];
    ws.subscribe((e) => {
      if (ws.visibleTo(e, 'U0VISITOR')) seen.push(e);
    });
    callWebApi(ws, 'chat.postMessage', { channel: 'U0ONCALL', text: 'heal result' }, PAGE);
    callWebApi(ws, 'views.publish', { user_id: 'U0ONCALL', view: { type: 'home', blocks } }, PAGE);
    expect(ws.snapshot('U0ONCALL')).toMatchObject({
      channels: [{ id: 'C0ALERTS' }, { id: 'U0ONCALL', dmWith: 'U0ONCALL' }],
      messages: [{ text: 'heal result' }],
      home: { type: 'home', blocks },
    });
    expect(ws.snapshot('U0VISITOR')).toMatchObject({
      channels: [{ id: 'C0ALERTS' }],
      messages: [],
      home: undefined,
    });
    expect(seen).toEqual([]);
    callWebApi(ws, 'chat.postMessage', { channel: 'C0ALERTS', text: 'public' }, PAGE);
    expect(seen).toMatchObject([{ kind: 'message', message: { text: 'public' } }]);
  });
});
