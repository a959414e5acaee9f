/**
 * The wiring table, without HTTP: `registerListeners` gives every action id, modal, the slash command and
 * App Home a handler (exactly one each), puts the unknown-button middleware first, and hands each id the
 * handler written for it — checked by calling what was registered with a fake click and seeing which
 * service it calls. (Bolt's own routing of a signed request is covered once per listener type by the
 * integration tests.)
 */
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { Deps } from '../../src/deps.js';
import type { DlqService } from '../../src/dlq/service.js';
import type { HealService } from '../../src/heal/index.js';
import { registerListeners } from '../../src/listeners/index.js';
import { ACTION_IDS, SLASH_COMMAND, VIEW_IDS } from '../../src/views/action-ids.js';
import {
  buttonClick,
  CallLog,
  fakeService,
  overflowChoice,
  recordingLogger,
  selectChoice,
  slashCommand,
  viewSubmission,
} from '../support/fake-bolt.js';
import { FakeClock, testConfig } from '../support/fixtures.js';

type Handler = (args: never) => Promise<void>;

/** An App that records what is registered on it, in order. */
function recordingApp() {
  const registered: { kind: string; id?: string; handler: Handler }[] = [];
  const app = {
    use: (handler: Handler) => registered.push({ kind: 'use', handler }),
    command: (id: string, handler: Handler) => registered.push({ kind: 'command', id, handler }),
    action: (id: string, handler: Handler) => registered.push({ kind: 'action', id, handler }),
    view: (id: string, handler: Handler) => registered.push({ kind: 'view', id, handler }),
    event: (id: string, handler: Handler) => registered.push({ kind: 'event', id, handler }),
    error: (handler: Handler) => registered.push({ kind: 'error', handler }),
  };
  const handlerFor = (kind: string, id: string) =>
    registered.find((r) => r.kind === kind && r.id === id)!.handler;
  return { app: app as unknown as App, registered, handlerFor };
}

function world() {
  const calls = new CallLog();
  const ok = async () => ({ ok: false as const, message: 'done' });
  const deps = {
    config: testConfig(),
    clock: new FakeClock(new Date('2026-02-10T20:00:00Z')),
    log: recordingLogger().log,
    alerts: fakeService<AlertService>(calls, 'alerts', {
      acknowledge: ok,
      snooze: ok,
      resolveManually: ok,
      note: async () => true,
    }),
    heal: fakeService<HealService>(calls, 'heal', {
      heal: async () => ({ kind: 'refused' as const, ok: false, message: 'no' }),
    }),
    dlq: fakeService<DlqService>(calls, 'dlq', {
      act: async (s: string) => ({ kind: 'denied' as const, subscription: s }),
    }),
  } as unknown as Deps;
  const r = recordingApp();
  registerListeners(r.app, deps);
  return { calls, ...r };
}

describe('registerListeners', () => {
  it('registers the unknown-button middleware first, then one handler per id, and the error backstop', () => {
    const { registered } = world();
    expect(registered[0]!.kind).toBe('use');
    const ids = (kind: string) => registered.filter((r) => r.kind === kind).map((r) => r.id);
    expect(ids('action').sort()).toEqual(Object.values(ACTION_IDS).sort());
    expect(ids('view').sort()).toEqual(Object.values(VIEW_IDS).sort());
    expect(ids('command')).toEqual([SLASH_COMMAND]);
    expect(ids('event')).toEqual(['app_home_opened']);
    expect(registered.filter((r) => r.kind === 'error')).toHaveLength(1);
  });

  it.each([
    [ACTION_IDS.acknowledge, 'alerts.acknowledge', { fp: 'stuck:x:2026-02-09' }],
    [ACTION_IDS.heal, 'heal.heal', { t: 'phase2_to_phase3', d: '2026-02-09' }],
    [ACTION_IDS.healConfirm, 'heal.heal', { t: 'phase2_to_phase3', d: '2026-02-09' }],
    [ACTION_IDS.dlqReplay, 'dlq.act', { s: 'sub' }],
    [ACTION_IDS.dlqMarkHandled, 'dlq.act', { s: 'sub' }],
  ])('the button %s runs %s', async (actionId, service, value) => {
    const w = world();
    await w.handlerFor('action', actionId)(buttonClick(w.calls, actionId, JSON.stringify(value)) as never);
    expect(w.calls.names().slice(0, 2)).toEqual(['ack', service]);
  });

  it('Confirm heals as a slash request, the alert button as a button; Replay replays, Mark handled dismisses', async () => {
    const w = world();
    const click = (id: string, value: object) =>
      w.handlerFor('action', id)(buttonClick(w.calls, id, JSON.stringify(value)) as never);
    await click(ACTION_IDS.heal, { t: 'phase2_to_phase3', d: '2026-02-09' });
    await click(ACTION_IDS.healConfirm, { t: 'phase2_to_phase3', d: '2026-02-09' });
    expect(w.calls.firstArgs<{ source: string }>('heal.heal').map((r) => r.source)).toEqual([
      'button',
      'slash',
    ]);
    await click(ACTION_IDS.dlqReplay, { s: 'sub' });
    await click(ACTION_IDS.dlqMarkHandled, { s: 'sub' });
    expect(w.calls.calls.filter((c) => c.name === 'dlq.act').map((c) => c.args[1])).toEqual([
      'replayed',
      'dismissed',
    ]);
  });

  it('the snooze select snoozes, the overflow menu resolves, Cancel and the runbook only answer', async () => {
    const w = world();
    const fp = 'stuck:x:2026-02-09';
    await w.handlerFor(
      'action',
      ACTION_IDS.snooze,
    )(selectChoice(w.calls, ACTION_IDS.snooze, JSON.stringify({ fp, h: 1 })) as never);
    await w.handlerFor(
      'action',
      ACTION_IDS.overflow,
    )(overflowChoice(w.calls, ACTION_IDS.overflow, JSON.stringify({ fp, a: 'resolve' })) as never);
    expect(w.calls.names()).toEqual([
      'ack',
      'alerts.snooze',
      'respond',
      'ack',
      'alerts.resolveManually',
      'respond',
    ]);
    const cancel = new CallLog();
    await w.handlerFor(
      'action',
      ACTION_IDS.healCancel,
    )(buttonClick(cancel, ACTION_IDS.healCancel, '{}') as never);
    expect(cancel.names()).toEqual(['ack', 'respond']);
    const runbook = new CallLog();
    await w.handlerFor(
      'action',
      ACTION_IDS.runbook,
    )(buttonClick(runbook, ACTION_IDS.runbook, undefined) as never);
    expect(runbook.names()).toEqual(['ack']);
  });

  it('each modal gets its own submission handler, and /pipeline the command handler', async () => {
    const w = world();
    const meta = JSON.stringify({ fp: 'stuck:x:2026-02-09' });
    await w.handlerFor('view', VIEW_IDS.note)(viewSubmission(w.calls, VIEW_IDS.note, meta, {}) as never);
    await w.handlerFor(
      'view',
      VIEW_IDS.mute,
    )(viewSubmission(w.calls, VIEW_IDS.mute, meta, { duration: { duration_text: '-5h' } }) as never);
    const errors = w.calls
      .firstArgs<{ errors: Record<string, string> }>('ack')
      .map((a) => Object.keys(a.errors));
    expect(errors).toEqual([['note'], ['matchers']]);
    const slash = new CallLog();
    await w.handlerFor('command', SLASH_COMMAND)(slashCommand(slash, 'help') as never);
    expect(slash.names()).toEqual(['ack', 'respond']);
  });
});
