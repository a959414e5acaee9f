/**
 * `/pipeline`, called as Bolt calls it (fake ack/respond; the command answered by the real parser and
 * executor over fake ports): ack first and exactly once, one ephemeral answer written by the views; a
 * failing or silent backend is answered with the command, the backend and an error reference — never a
 * stack trace.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AlertStore } from '../../src/alerts/types.js';
import type { Deps } from '../../src/deps.js';
import { pipelineCommand } from '../../src/listeners/commands/pipeline.js';
import type { CompletionStore } from '../../src/ports.js';
import { helpView } from '../../src/views/help.js';
import { allGames } from '../support/digest-world.js';
import {
  CallLog,
  expectErrorReply,
  fakeService,
  recordingLogger,
  slashCommand,
} from '../support/fake-bolt.js';
import { FakeClock, testConfig } from '../support/fixtures.js';

/** Only what help and status read: config, clock, log, probes, the alert store, documents and schedule. */
function world(getMany: CompletionStore['getMany']) {
  const calls = new CallLog();
  const logger = recordingLogger();
  const deps = {
    config: testConfig(),
    clock: new FakeClock(new Date('2026-02-10T20:00:00Z')),
    log: logger.log,
    probes: [],
    alertStore: fakeService<AlertStore>(calls, 'alertStore', { listActive: async () => [] }),
    completions: fakeService<CompletionStore>(calls, 'completions', { getMany }),
    schedule: allGames,
  } as unknown as Deps;
  const replies = () =>
    calls.firstArgs<{ text: string; blocks: unknown[]; response_type: string; replace_original: boolean }>(
      'respond',
    );
  return { calls, deps, lines: logger.lines, replies };
}

const noDocuments = async () => {
  throw new Error('not read by help');
};

afterEach(() => {
  vi.useRealTimers();
});

describe('/pipeline', () => {
  it('acks first, once, then answers ephemerally with the view (help)', async () => {
    const w = world(noDocuments);
    await pipelineCommand(w.deps)(slashCommand(w.calls, 'help'));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    const help = helpView();
    expect(w.replies()).toEqual([
      { response_type: 'ephemeral', replace_original: false, text: help.text, blocks: help.blocks },
    ]);
  });

  it('no text at all is the help too', async () => {
    const w = world(noDocuments);
    const args = slashCommand(w.calls, '');
    (args.command as { text?: string }).text = undefined;
    await pipelineCommand(w.deps)(args);
    expect(w.replies()[0]!.text).toBe(helpView().text);
  });

  it('unknown text gets the usage with the reason, quoted as text', async () => {
    const w = world(noDocuments);
    await pipelineCommand(w.deps)(slashCommand(w.calls, 'deploy <!channel>'));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    const reply = JSON.stringify(w.replies()[0]);
    expect(reply).toContain('unknown command');
    expect(reply).not.toContain('<!channel>');
  });

  it.each([
    ['status 2026-02-31', '"2026-02-31" is not a date'],
    ['completeness 500', 'completeness takes 1 to 90 days'],
    ['trends 60', 'trends takes 1 to 45 days, not 60.'],
    ['deploy', 'unknown command "deploy"'],
  ])('`%s` is answered with the reason and the usage, nothing run', async (text, reason) => {
    const w = world(noDocuments);
    await pipelineCommand(w.deps)(slashCommand(w.calls, text));
    expect(w.calls.names()).toEqual(['ack', 'respond']);
    expect(w.replies()[0]!.text).toContain(reason);
    expect(JSON.stringify(w.replies()[0]!.blocks)).toContain('/pipeline status [date]');
  });

  it('a backend that fails: the command and the backend named, an error reference, no stack trace', async () => {
    const w = world(async () => {
      throw new Error('ECONNREFUSED firestore');
    });
    await pipelineCommand(w.deps)(slashCommand(w.calls, 'status'));
    const names = w.calls.names();
    expect(names[0]).toBe('ack');
    expect(names.filter((n) => n === 'ack')).toHaveLength(1);
    expect(names).toContain('completions.getMany');
    expect(names.at(-1)).toBe('respond');
    const text = w.replies()[0]!.text;
    expect(text).toMatch(
      /^Sorry, `status` failed \(Firestore may be unavailable\); the error is logged as [0-9a-f]{6}\.$/,
    );
    expectErrorReply(text, w.lines, 'ECONNREFUSED');
  });

  it('a backend that never answers: answered within the answer deadline, naming it', async () => {
    vi.useFakeTimers();
    const w = world(() => new Promise(() => {}));
    const handled = pipelineCommand(w.deps)(slashCommand(w.calls, 'status'));
    await vi.advanceTimersByTimeAsync(w.deps.config.limits.slash_answer_seconds * 1000);
    await handled;
    expect(w.calls.names().at(-1)).toBe('respond');
    const text = w.replies()[0]!.text;
    expect(text).toMatch(/^`status` got no answer within 10 s: Firestore did not answer\./);
    expect(text).toMatch(/\(error [0-9a-f]{6}\)\.$/);
  });
});
