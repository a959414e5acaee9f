/**
 * Replay / Mark handled on a dead-letter alert, called as Bolt calls them (fake ack/respond, fake DLQ and
 * alert services): ack first and exactly once, one `act` with the handling and the clicking user, the
 * outcome as the DLQ view writes it, a thread note only when messages were handled; a value that does not
 * decode acts on nothing; a failing store is answered with an error reference.
 */
import { describe, expect, it } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { DlqService } from '../../src/dlq/service.js';
import type { DlqHandling } from '../../src/dlq/types.js';
import { dlqButton } from '../../src/listeners/actions/dlq-button.js';
import { ACTION_IDS } from '../../src/views/action-ids.js';
import {
  buttonClick,
  CallLog,
  expectErrorReply,
  fakeService,
  recordingLogger,
  USER,
} from '../support/fake-bolt.js';
import { testConfig } from '../support/fixtures.js';

const SUB = 'nba-phase3-trigger-dlq-sub';

function world(act: DlqService['act'] | undefined, note: AlertService['note'] = async () => true) {
  const calls = new CallLog();
  const logger = recordingLogger();
  const deps = {
    dlq: act && fakeService<DlqService>(calls, 'dlq', { act }),
    alerts: fakeService<AlertService>(calls, 'alerts', { note }),
    config: testConfig(),
    log: logger.log,
  };
  const click = (how: DlqHandling, value: string | undefined) =>
    dlqButton(
      deps,
      how,
    )(buttonClick(calls, how === 'replayed' ? ACTION_IDS.dlqReplay : ACTION_IDS.dlqMarkHandled, value));
  const replies = () => calls.firstArgs<{ text: string; response_type: string }>('respond');
  return { calls, lines: logger.lines, click, replies };
}

describe('dead-letter buttons', () => {
  it.each([
    ['replayed', 'replayed'],
    ['dismissed', 'marked handled'],
  ] as const)(
    '%s: acks first, acts once as the user, notes it in the alert thread, answers ephemerally',
    async (how, verb) => {
      const w = world(async (s, h) => ({
        kind: 'done',
        how: h,
        subscription: s,
        handled: ['m1', 'm2'],
        failed: [],
      }));
      await w.click(how, JSON.stringify({ s: SUB }));
      // The user hears first; the alert thread is told after.
      expect(w.calls.names()).toEqual(['ack', 'dlq.act', 'respond', 'alerts.note']);
      expect(w.calls.calls[1]!.args).toEqual([SUB, how, USER]);
      const text = `:leftwards_arrow_with_hook: <@${USER}> ${verb} 2 messages of ${SUB}.`;
      expect(w.calls.calls[3]!.args).toEqual([`dlq:${SUB}`, text]);
      expect(w.replies()).toEqual([{ response_type: 'ephemeral', replace_original: false, text }]);
    },
  );

  it('a thread note that fails does not turn a done replay into a reported failure', async () => {
    const w = world(
      async (s, h) => ({ kind: 'done', how: h, subscription: s, handled: ['m1'], failed: [] }),
      async () => {
        throw new Error('Slack is down');
      },
    );
    await w.click('replayed', JSON.stringify({ s: SUB }));
    expect(w.calls.names()).toEqual(['ack', 'dlq.act', 'respond', 'alerts.note']);
    expect(w.replies()[0]!.text).toBe(`:leftwards_arrow_with_hook: <@${USER}> replayed 1 message of ${SUB}.`);
    expect(w.lines.some((l) => l.msg === 'could not note the dead-letter action')).toBe(true);
  });

  it('nothing left to handle, or a user not allowed: answered, nothing noted in the thread', async () => {
    const none = world(async (s, h) => ({ kind: 'done', how: h, subscription: s, handled: [], failed: [] }));
    await none.click('replayed', JSON.stringify({ s: SUB }));
    expect(none.calls.names()).toEqual(['ack', 'dlq.act', 'respond']);
    expect(none.replies()[0]!.text).toBe(`Nothing to do on ${SUB}: every message was already handled.`);

    const denied = world(async (s) => ({ kind: 'denied', subscription: s }));
    await denied.click('replayed', JSON.stringify({ s: SUB }));
    expect(denied.calls.names()).toEqual(['ack', 'dlq.act', 'respond']);
    expect(denied.replies()[0]!.text).toContain('is not allowed to replay or dismiss dead letters');
  });

  it.each([
    ['an extra field', JSON.stringify({ s: SUB, x: 1 })],
    ['an empty subscription', JSON.stringify({ s: '' })],
    ['not JSON', SUB],
  ])('a value with %s acts on nothing', async (_name, value) => {
    const w = world(async () => {
      throw new Error('unreachable');
    });
    await w.click('replayed', value);
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('That button is not valid any more (bad value).');
  });

  it('without watched queues, says so', async () => {
    const w = world(undefined);
    await w.click('dismissed', JSON.stringify({ s: SUB }));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toBe('Dead-letter queues are not watched by this bot.');
  });

  it('a store that fails: no claim that nothing happened, an error reference, check /pipeline dlq', async () => {
    const w = world(async () => {
      throw new Error('firestore down');
    });
    await w.click('replayed', JSON.stringify({ s: SUB }));
    expect(w.calls.names()).toEqual(['ack', 'dlq.act', 'respond']);
    const text = w.replies()[0]!.text;
    expect(text).toMatch(/^Sorry, no confirmation came back .* check `\/pipeline dlq` before trying again/);
    expectErrorReply(text, w.lines, 'firestore down');
  });
});
