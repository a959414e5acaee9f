/**
 * The alert menu's modals, submitted as Bolt delivers them (fake ack, fake services, a recording chat):
 * bad input is answered in the modal itself, under the input it is about, and runs nothing; good input
 * is acked first (closing the modal), runs one service call, and the user hears back by direct message —
 * with an error reference when the call fails.
 */
import { describe, expect, it } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { AlertStore } from '../../src/alerts/types.js';
import type { Deps } from '../../src/deps.js';
import { muteModalSubmit } from '../../src/listeners/views/mute-modal.js';
import { noteModalSubmit } from '../../src/listeners/views/note-modal.js';
import type { Silence, SilenceStore } from '../../src/oncall/silences.js';
import { VIEW_IDS } from '../../src/views/action-ids.js';
import { muteCreatedView } from '../../src/views/oncall.js';
import { alertRecord } from '../support/builders.js';
import {
  CallLog,
  expectErrorReply,
  type FakeMethods,
  fakeService,
  recordingLogger,
  USER,
  viewSubmission,
} from '../support/fake-bolt.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { RecordingChat } from '../support/memory.js';

const FP = 'stuck:phase2_to_phase3:2026-02-09';
const META = JSON.stringify({ fp: FP });
const NOW = new Date('2026-02-10T20:00:00Z');

describe('Add note…', () => {
  function world(addNote: FakeMethods<AlertService>['addNote']) {
    const calls = new CallLog();
    const logger = recordingLogger();
    const chat = new RecordingChat();
    const deps = {
      alerts: addNote && fakeService<AlertService>(calls, 'alerts', { addNote }),
      chat,
      config: testConfig(),
      log: logger.log,
    };
    const submit = (note: string, meta = META) =>
      noteModalSubmit(deps)(viewSubmission(calls, VIEW_IDS.note, meta, { note: { note_text: note } }));
    const dms = () => chat.calls.map((c) => c.message);
    return { calls, lines: logger.lines, submit, dms };
  }
  const added = async () => ({
    ok: true as const,
    record: alertRecord({ fingerprint: FP }),
    message: 'Noted.',
  });

  it('acks first (closing the modal), adds the trimmed note as the user, and sends no message when it worked', async () => {
    const w = world(added);
    await w.submit('  restarted the orchestrator  ');
    expect(w.calls.names()).toEqual(['ack', 'alerts.addNote']);
    expect(w.calls.calls[0]!.args).toEqual([]);
    expect(w.calls.calls[1]!.args).toEqual([FP, USER, 'restarted the orchestrator']);
    expect(w.dms()).toEqual([]);
  });

  it('an empty note stays open with the reason under the input; nothing is added', async () => {
    const w = world(added);
    await w.submit('   ');
    expect(w.calls.names()).toEqual(['ack']);
    expect(w.calls.firstArgs('ack')).toEqual([
      { response_action: 'errors', errors: { note: 'Write a note first.' } },
    ]);
  });

  it.each([
    ['not JSON', '{'],
    ['without the alert', '{}'],
    ['with an extra field', JSON.stringify({ fp: FP, x: 1 })],
  ])('a form whose reference is %s is refused in the modal', async (_name, meta) => {
    const w = world(added);
    await w.submit('a note', meta);
    expect(w.calls.names()).toEqual(['ack']);
    expect(w.calls.firstArgs('ack')).toEqual([
      { response_action: 'errors', errors: { note: 'This form is not valid any more.' } },
    ]);
  });

  it('a note the service refuses (the alert is gone) is explained by direct message', async () => {
    const w = world(async () => ({ ok: false, message: 'That alert no longer exists.' }));
    await w.submit('a note');
    expect(w.calls.names()).toEqual(['ack', 'alerts.addNote']);
    expect(w.dms()).toEqual([{ channel: USER, text: 'That alert no longer exists.' }]);
  });

  it('without alerts on this bot, says so by direct message', async () => {
    const w = world(undefined);
    await w.submit('a note');
    expect(w.calls.names()).toEqual(['ack']);
    expect(w.dms()).toEqual([{ channel: USER, text: 'Alerts are not enabled on this bot.' }]);
  });

  it('a store that fails: a direct message with an error reference, the raw error in the log', async () => {
    const w = world(async () => {
      throw new Error('firestore down');
    });
    await w.submit('a note');
    const [dm] = w.dms();
    expect(dm!.text).toMatch(/^Sorry, the note could not be added \(error [0-9a-f]{6}\)\.$/);
    expectErrorReply(dm!.text, w.lines, 'firestore down');
  });
});

describe('Mute similar…', () => {
  function world(create: SilenceStore['create']) {
    const calls = new CallLog();
    const logger = recordingLogger();
    const chat = new RecordingChat();
    // Only what `mute` reads: config, clock, log, the silence and alert stores, and the chat.
    const deps = {
      config: testConfig(),
      clock: new FakeClock(NOW),
      log: logger.log,
      silences: fakeService<SilenceStore>(calls, 'silences', { create }),
      alertStore: fakeService<AlertStore>(calls, 'alertStore', { listActive: async () => [] }),
      chat,
    } as unknown as Deps;
    const submit = (matchers: string, duration: string, reason: string) =>
      muteModalSubmit(deps)(
        viewSubmission(calls, VIEW_IDS.mute, META, {
          matchers: { matchers_text: matchers },
          duration: { duration_text: duration },
          reason: { reason_text: reason },
        }),
      );
    return { calls, chat, deps, lines: logger.lines, submit };
  }

  it('acks first, creates the silence as the user, and tells them by direct message', async () => {
    const w = world(async () => true);
    await w.submit('check=stuck transition=phase2_to_phase3', '1h', 'heal running');
    expect(w.calls.names()).toEqual(['ack', 'silences.create', 'alertStore.listActive']);
    expect(w.calls.calls[0]!.args).toEqual([]);
    const silence = w.calls.firstArgs<Silence>('silences.create')[0]!;
    expect(silence).toMatchObject({
      matchers: { check: 'stuck', transition: 'phase2_to_phase3' },
      created_by: USER,
      reason: 'heal running',
      starts_at: NOW,
      ends_at: new Date(NOW.getTime() + 3_600_000),
    });
    expect(w.chat.calls.map((c) => c.message)).toEqual([
      { channel: USER, text: muteCreatedView(silence, 0, w.deps.config.timezone).text },
    ]);
  });

  it.each([
    [
      'a negative duration',
      ['check=stuck', '-5h', 'x'],
      'duration',
      /^"-5h" is negative; a duration is positive, e\.g\. 2h\.$/,
    ],
    ['no reason', ['check=stuck', '2h', ''], 'reason', /^say why/],
    ['an unknown matcher key', ['colour=red', '2h', 'x'], 'matchers', /unknown matcher key/],
  ])(
    '%s stays open with the parser message, as plain text, under its input',
    async (_name, inputs, block, message) => {
      const w = world(async () => true);
      await w.submit(inputs[0]!, inputs[1]!, inputs[2]!);
      expect(w.calls.names()).toEqual(['ack']);
      const [response] = w.calls.firstArgs<{ response_action: string; errors: Record<string, string> }>(
        'ack',
      );
      expect(response!.response_action).toBe('errors');
      expect(Object.keys(response!.errors)).toEqual([block]);
      expect(response!.errors[block]).toMatch(message);
      expect(response!.errors[block]).not.toMatch(/`|&lt;|&gt;|&amp;/);
    },
  );

  it('a store that fails: a direct message with an error reference and the command to use instead', async () => {
    const w = world(async () => {
      throw new Error('firestore down');
    });
    await w.submit('check=stuck', '1h', 'heal running');
    expect(w.calls.names()).toEqual(['ack', 'silences.create']);
    const [dm] = w.chat.calls.map((c) => c.message);
    expect(dm!.channel).toBe(USER);
    expect(dm!.text).toMatch(
      /^Sorry, the silence could not be created \(error [0-9a-f]{6}\); try `\/pipeline mute`\.$/,
    );
    expectErrorReply(dm!.text, w.lines, 'firestore down');
  });

  it('a direct message that cannot be sent is logged; the submission does not fail', async () => {
    const w = world(async () => true);
    w.chat.failing = true;
    await w.submit('check=stuck', '1h', 'heal running');
    expect(w.calls.names()).toEqual(['ack', 'silences.create', 'alertStore.listActive']);
    expect(w.lines.some((l) => l.msg === 'could not tell the user about a modal submission')).toBe(true);
  });
});
