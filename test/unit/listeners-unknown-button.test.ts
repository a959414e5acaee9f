/**
 * The global middleware for buttons this version does not know (a message posted by an older or newer
 * bot): acked at once and exactly once, the user told (ephemerally, or by direct message from App Home);
 * known actions and every other kind of request pass on untouched.
 */
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { OLDER_BUTTON_TEXT, unknownActions } from '../../src/listeners/actions/unknown.js';
import { ACTION_IDS } from '../../src/views/action-ids.js';
import { anyClick, CallLog, recordingLogger, slashCommand, USER } from '../support/fake-bolt.js';
import { RecordingChat } from '../support/memory.js';

function world() {
  const chat = new RecordingChat();
  const logger = recordingLogger();
  return { chat, lines: logger.lines, middleware: unknownActions({ chat, log: logger.log }) };
}

describe('a button this version does not know', () => {
  it('is acked first, once, and the user is told ephemerally; no listener runs after it', async () => {
    const w = world();
    const calls = new CallLog();
    await w.middleware(anyClick(calls, 'retired_button_v0'));
    expect(calls.names()).toEqual(['ack', 'respond']);
    expect(calls.firstArgs('respond')).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: OLDER_BUTTON_TEXT },
    ]);
    expect(w.lines.find((l) => l.msg === 'unknown action acknowledged')).toMatchObject({
      actionId: 'retired_button_v0',
    });
  });

  it('an action without an action id is treated the same', async () => {
    const calls = new CallLog();
    await world().middleware(anyClick(calls, undefined));
    expect(calls.names()).toEqual(['ack', 'respond']);
  });

  it('from App Home (no response_url) the user gets a direct message', async () => {
    const w = world();
    const calls = new CallLog();
    await w.middleware(anyClick(calls, 'retired_button_v0', { responseUrl: null }));
    expect(calls.names()).toEqual(['ack']);
    expect(w.chat.calls).toEqual([{ kind: 'post', message: { channel: USER, text: OLDER_BUTTON_TEXT } }]);
  });

  it('a reply that cannot be sent is logged; the click is still acked', async () => {
    const w = world();
    w.chat.failing = true;
    const calls = new CallLog();
    await w.middleware(anyClick(calls, 'retired_button_v0', { responseUrl: null }));
    expect(calls.names()).toEqual(['ack']);
    expect(w.lines.some((l) => l.msg === 'could not tell the user about an unknown button')).toBe(true);
  });
});

describe('everything else passes on', () => {
  it.each(Object.values(ACTION_IDS))('the known action %s: next(), no ack here', async (actionId) => {
    const calls = new CallLog();
    await world().middleware(anyClick(calls, actionId));
    expect(calls.names()).toEqual(['next']);
  });

  it('a slash command: next(), no ack here', async () => {
    const calls = new CallLog();
    const args = slashCommand(calls, 'status') as unknown as AnyMiddlewareArgs & AllMiddlewareArgs;
    await world().middleware(args);
    expect(calls.names()).toEqual(['next']);
  });
});
