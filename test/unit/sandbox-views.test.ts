/**
 * The sandbox's `views.open`: the trigger_id must be one the sandbox issued with an interaction, used
 * once and soon (Slack's `invalid_trigger_id` / `expired_trigger_id`); the modal reaches only the user
 * who acted; a submission is a Slack-shaped `view_submission` payload.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { viewPayloadBody } from '../../src/sandbox/payloads.js';
import { callWebApi } from '../../src/sandbox/web-api.js';
import { TRIGGER_TTL_MS, Workspace, type WorkspaceEvent } from '../../src/sandbox/workspace.js';

const PAGE = 'http://127.0.0.1:3000/';
const ADA = { id: 'U0ONCALL', name: 'ada', role: 'on-call' };
const SAM = { id: 'U0VISITOR', name: 'sam', role: 'visitor' };
const TEAM = { id: 'T0SANDBOX', domain: 'pipeline-sandbox', appId: 'A0PIPEBOT' };
const VIEW = {
  type: 'modal',
  callback_id: 'alert_note',
  private_metadata: '{"fp":"abc"}',
  title: { type: 'plain_text', text: 'Add note' },
  blocks: [
    { type: 'input', block_id: 'note', element: { type: 'plain_text_input', action_id: 'note_text' } },
  ],
};

function workspace() {
  return new Workspace({
    teamId: TEAM.id,
    teamName: 'Sandbox',
    timezone: 'UTC',
    now: () => new Date('2026-02-10T20:00:00.000Z'),
    botUserId: 'U0PIPEBOT',
    users: [ADA, SAM],
    channels: [{ id: 'C0ALERTS', name: 'pipeline-alerts' }],
    usergroups: {},
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sandbox views.open', () => {
  it('opens the modal for the user the trigger_id was issued to, and only them', () => {
    const ws = workspace();
    const seen: Record<string, WorkspaceEvent[]> = { [ADA.id]: [], [SAM.id]: [] };
    ws.subscribe((e) => {
      for (const user of [ADA.id, SAM.id]) if (ws.visibleTo(e, user)) seen[user]!.push(e);
    });
    const answer = callWebApi(ws, 'views.open', { trigger_id: ws.issueTrigger(ADA.id), view: VIEW }, PAGE);
    expect(answer).toMatchObject({
      ok: true,
      view: { callback_id: 'alert_note', id: expect.stringMatching(/^V/) },
    });
    const id = answer.ok ? (answer.view as { id: string }).id : '';
    expect(seen[ADA.id]).toMatchObject([{ kind: 'modal', user: ADA.id, view: { id, view: VIEW } }]);
    expect(seen[SAM.id]).toEqual([]);
    expect(ws.view(id, ADA.id)).toBeDefined();
    expect(ws.view(id, SAM.id)).toBeUndefined();
  });

  it('refuses a trigger_id it never issued, one already used, and one too old', () => {
    const ws = workspace();
    expect(callWebApi(ws, 'views.open', { trigger_id: '123.abc', view: VIEW }, PAGE)).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    const once = ws.issueTrigger(ADA.id);
    expect(callWebApi(ws, 'views.open', { trigger_id: once, view: VIEW }, PAGE).ok).toBe(true);
    expect(callWebApi(ws, 'views.open', { trigger_id: once, view: VIEW }, PAGE)).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const old = ws.issueTrigger(ADA.id);
    vi.setSystemTime(Date.now() + TRIGGER_TTL_MS + 1);
    expect(callWebApi(ws, 'views.open', { trigger_id: old, view: VIEW }, PAGE)).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
  });

  it('refuses a view that is not a modal with a title and blocks, without using up the trigger', () => {
    const ws = workspace();
    const trigger = ws.issueTrigger(ADA.id);
    for (const view of [
      undefined,
      { ...VIEW, type: 'home' },
      { ...VIEW, blocks: undefined },
      { ...VIEW, title: undefined },
    ]) {
      expect(callWebApi(ws, 'views.open', { trigger_id: trigger, view }, PAGE)).toEqual({
        ok: false,
        error: 'invalid_arguments',
      });
    }
    expect(callWebApi(ws, 'views.open', { trigger_id: trigger, view: VIEW }, PAGE).ok).toBe(true);
  });

  it('closing a modal tells its user only', () => {
    const ws = workspace();
    const opened = ws.openView(ADA.id, VIEW);
    const seen: WorkspaceEvent[] = [];
    ws.subscribe((e) => seen.push(e));
    ws.closeView(opened.id);
    expect(seen).toEqual([{ kind: 'modal-closed', user: ADA.id, viewId: opened.id }]);
    expect(ws.visibleTo(seen[0]!, SAM.id)).toBe(false);
    expect(ws.view(opened.id, ADA.id)).toBeUndefined();
  });
});

describe('sandbox view_submission payload', () => {
  it('carries the view id, callback_id, private_metadata, state values, user, team, app and trigger', () => {
    const ws = workspace();
    const opened = ws.openView(ADA.id, VIEW);
    const values = { note: { note_text: { type: 'plain_text_input', value: 'hi' } } };
    const { body, contentType } = viewPayloadBody(TEAM, ADA, opened, {
      type: 'view_submission',
      values,
      triggerId: 't.1',
    });
    expect(contentType).toBe('application/x-www-form-urlencoded');
    const payload = JSON.parse(new URLSearchParams(body).get('payload')!);
    expect(payload).toMatchObject({
      type: 'view_submission',
      team: { id: TEAM.id },
      user: { id: ADA.id, name: 'ada' },
      api_app_id: TEAM.appId,
      trigger_id: 't.1',
      view: {
        id: opened.id,
        callback_id: 'alert_note',
        private_metadata: '{"fp":"abc"}',
        state: { values },
      },
    });
  });
});
