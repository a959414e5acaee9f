/**
 * The alert's own controls, called as Bolt calls them (fake ack/respond/client, fake alert service):
 * Acknowledge, Snooze, the overflow menu and the runbook link ack first and exactly once, then make one
 * service call and answer ephemerally; a value that does not decode runs nothing; a failing or silent
 * store is answered with an error reference (the raw error only in the log).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { AlertStore } from '../../src/alerts/types.js';
import { acknowledgeButton } from '../../src/listeners/actions/acknowledge.js';
import { alertMenu } from '../../src/listeners/actions/alert-menu.js';
import { runbookLink } from '../../src/listeners/actions/runbook.js';
import { snoozeSelect } from '../../src/listeners/actions/snooze.js';
import { ACTION_IDS, VIEW_IDS } from '../../src/views/action-ids.js';
import { alertRecord } from '../support/builders.js';
import {
  buttonClick,
  CallLog,
  expectErrorReply,
  type FakeMethods,
  fakeService,
  overflowChoice,
  recordingLogger,
  selectChoice,
  USER,
} from '../support/fake-bolt.js';
import { testConfig } from '../support/fixtures.js';

const FP = 'stuck:phase2_to_phase3:2026-02-09';
const record = alertRecord({ fingerprint: FP });

/** The listener's dependencies over a fake alert service (and, for the menu, a fake store). */
function world(alerts: FakeMethods<AlertService> | undefined, store: FakeMethods<AlertStore> = {}) {
  const calls = new CallLog();
  const logger = recordingLogger();
  const deps = {
    alerts: alerts && fakeService<AlertService>(calls, 'alerts', alerts),
    alertStore: fakeService<AlertStore>(calls, 'alertStore', store),
    config: testConfig(),
    log: logger.log,
  };
  const replies = () =>
    calls.firstArgs<{ text: string; response_type: string; replace_original: boolean }>('respond');
  return { calls, deps, lines: logger.lines, replies };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Acknowledge', () => {
  it('acks first, once, acknowledges as the clicking user and answers only them', async () => {
    const w = world({
      acknowledge: async () => ({ ok: true, record, message: 'Acknowledged. Reminders stop.' }),
    });
    await acknowledgeButton(w.deps)(buttonClick(w.calls, ACTION_IDS.acknowledge, JSON.stringify({ fp: FP })));
    expect(w.calls.names()).toEqual(['ack', 'alerts.acknowledge', 'respond']);
    expect(w.calls.calls[1]!.args).toEqual([FP, USER]);
    expect(w.replies()).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: 'Acknowledged. Reminders stop.' },
    ]);
  });

  it.each([
    ['not JSON', 'phase3'],
    ['an extra field', JSON.stringify({ fp: FP, x: 1 })],
    ['a fingerprint too short', JSON.stringify({ fp: 'x' })],
    ['no value', undefined],
  ])('a value with %s is refused and nothing is acknowledged', async (_name, value) => {
    const w = world({ acknowledge: async () => ({ ok: false, message: 'unreachable' }) });
    await acknowledgeButton(w.deps)(buttonClick(w.calls, ACTION_IDS.acknowledge, value));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('That button is not valid any more (bad value).');
  });

  it('without alerts on this bot, says so', async () => {
    const w = world(undefined);
    await acknowledgeButton(w.deps)(buttonClick(w.calls, ACTION_IDS.acknowledge, JSON.stringify({ fp: FP })));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('Alerts are not enabled on this bot.');
  });

  it('a store that fails: the user gets a sentence with an error reference, the log the raw error', async () => {
    const w = world({
      acknowledge: async () => {
        throw new Error('store unavailable');
      },
    });
    await acknowledgeButton(w.deps)(buttonClick(w.calls, ACTION_IDS.acknowledge, JSON.stringify({ fp: FP })));
    expect(w.calls.names()).toEqual(['ack', 'alerts.acknowledge', 'respond']);
    const reply = w.replies()[0]!;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(
      /^Sorry, the alert could not be acknowledged \(the alert store did not answer\)/,
    );
    expectErrorReply(reply.text, w.lines, 'store unavailable');
  });

  it('a store that does not answer: the user is told once the answer deadline passes', async () => {
    vi.useFakeTimers();
    const w = world({ acknowledge: () => new Promise(() => {}) });
    const handled = acknowledgeButton(w.deps)(
      buttonClick(w.calls, ACTION_IDS.acknowledge, JSON.stringify({ fp: FP })),
    );
    await vi.advanceTimersByTimeAsync(w.deps.config.limits.slash_answer_seconds * 1000);
    await handled;
    expect(w.calls.names()).toEqual(['ack', 'alerts.acknowledge', 'respond']);
    expectErrorReply(w.replies()[0]!.text, w.lines, 'the alert store did not answer within 10 s');
  });
});

describe('Snooze', () => {
  it('acks first, once, snoozes for the chosen hours and answers ephemerally', async () => {
    const w = world({ snooze: async () => ({ ok: true, record, message: 'Snoozed until 19:00.' }) });
    await snoozeSelect(w.deps)(selectChoice(w.calls, ACTION_IDS.snooze, JSON.stringify({ fp: FP, h: 4 })));
    expect(w.calls.names()).toEqual(['ack', 'alerts.snooze', 'respond']);
    expect(w.calls.calls[1]!.args).toEqual([FP, USER, 4]);
    expect(w.replies()[0]).toMatchObject({ response_type: 'ephemeral', text: 'Snoozed until 19:00.' });
  });

  it.each([
    ['hours not offered', JSON.stringify({ fp: FP, h: 9999 })],
    ['no hours', JSON.stringify({ fp: FP })],
    ['no option selected', undefined],
  ])('a choice with %s is refused and nothing is snoozed', async (_name, value) => {
    const w = world({ snooze: async () => ({ ok: false, message: 'unreachable' }) });
    await snoozeSelect(w.deps)(selectChoice(w.calls, ACTION_IDS.snooze, value));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('That snooze option is not valid (bad value).');
  });

  it('a store that fails: an error reference, no stack trace', async () => {
    const w = world({
      snooze: async () => {
        throw new Error('store unavailable');
      },
    });
    await snoozeSelect(w.deps)(selectChoice(w.calls, ACTION_IDS.snooze, JSON.stringify({ fp: FP, h: 1 })));
    expect(w.replies()[0]!.text).toMatch(/^Sorry, the alert could not be snoozed/);
    expectErrorReply(w.replies()[0]!.text, w.lines, 'store unavailable');
  });
});

describe('the alert menu', () => {
  const choose = (a: string, fp = FP) => JSON.stringify({ fp, a });

  it('Resolve manually: acks first, resolves as the user, answers ephemerally', async () => {
    const w = world({ resolveManually: async () => ({ ok: true, record, message: 'Resolved.' }) });
    await alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, choose('resolve')));
    expect(w.calls.names()).toEqual(['ack', 'alerts.resolveManually', 'respond']);
    expect(w.calls.calls[1]!.args).toEqual([FP, USER]);
    expect(w.replies()[0]).toMatchObject({ response_type: 'ephemeral', text: 'Resolved.' });
  });

  it.each([
    ['note', VIEW_IDS.note],
    ['mute', VIEW_IDS.mute],
  ])('%s: re-reads the alert and opens its modal with the trigger id', async (option, callbackId) => {
    const w = world({}, { get: async () => record });
    await alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, choose(option)));
    expect(w.calls.names()).toEqual(['ack', 'alertStore.get', 'client.views.open']);
    const opened = w.calls.firstArgs<{
      trigger_id: string;
      view: { callback_id: string; private_metadata: string };
    }>('client.views.open')[0]!;
    expect(opened.trigger_id).toBe('1.2.trigger');
    expect(opened.view.callback_id).toBe(callbackId);
    expect(JSON.parse(opened.view.private_metadata)).toEqual({ fp: FP });
  });

  it('an alert that no longer exists opens nothing and says so', async () => {
    const w = world({}, { get: async () => undefined });
    await alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, choose('note')));
    expect(w.calls.names()).toEqual(['ack', 'alertStore.get', 'respond']);
    expect(w.replies()[0]!.text).toBe('That alert no longer exists.');
  });

  it.each([
    ['an unknown option', JSON.stringify({ fp: FP, a: 'delete' })],
    ['not JSON', '{'],
    ['no option', undefined],
  ])('%s is refused and nothing is read', async (_name, value) => {
    const w = world({}, { get: async () => record });
    await alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, value));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('That menu option is not valid (bad value).');
  });

  it('a store that fails: an error reference, no modal', async () => {
    const w = world(
      {},
      {
        get: async () => {
          throw new Error('firestore down');
        },
      },
    );
    await alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, choose('mute')));
    expect(w.calls.names()).toEqual(['ack', 'alertStore.get', 'respond']);
    expect(w.replies()[0]!.text).toMatch(/^Sorry, that did not work \(error [0-9a-f]{6}\)/);
    expectErrorReply(w.replies()[0]!.text, w.lines, 'firestore down');
  });
});

describe('the runbook link', () => {
  it('is only acknowledged (the browser opens the link)', async () => {
    const calls = new CallLog();
    await runbookLink(buttonClick(calls, ACTION_IDS.runbook, undefined));
    expect(calls.names()).toEqual(['ack']);
  });
});
