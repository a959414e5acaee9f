/**
 * Properties over any click value (random text, any JSON, the right shapes with hostile fields): every
 * button, select and menu listener acks first and exactly once, never throws, answers exactly once, and
 * calls its service at most once — only with a value its schema accepted (a fingerprint of 3–300
 * characters, snooze hours of 1, 4 or 24, an ISO date, a subscription name).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlertService } from '../../src/alerts/service.js';
import type { AlertStore } from '../../src/alerts/types.js';
import type { DlqService } from '../../src/dlq/service.js';
import type { HealService } from '../../src/heal/index.js';
import { acknowledgeButton } from '../../src/listeners/actions/acknowledge.js';
import { alertMenu } from '../../src/listeners/actions/alert-menu.js';
import { dlqButton } from '../../src/listeners/actions/dlq-button.js';
import { healButton } from '../../src/listeners/actions/heal-button.js';
import { snoozeSelect } from '../../src/listeners/actions/snooze.js';
import { silentLogger } from '../../src/log.js';
import { ACTION_IDS } from '../../src/views/action-ids.js';
import { HOSTILE } from '../support/arbitraries.js';
import { alertRecord } from '../support/builders.js';
import { buttonClick, CallLog, fakeService, overflowChoice, selectChoice } from '../support/fake-bolt.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { RecordingChat } from '../support/memory.js';

const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(...HOSTILE),
  fc.constant('x'.repeat(301)),
);
const json = (shape: fc.Arbitrary<unknown>) => shape.map((v) => JSON.stringify(v));
/** Why these shapes: each is one listener's value, with every field hostile or random. */
const clickValue = fc.option(
  fc.oneof(
    hostile,
    json(fc.jsonValue()),
    json(fc.record({ fp: hostile }, { requiredKeys: [] })),
    json(fc.record({ fp: hostile, h: fc.oneof(fc.integer(), fc.constantFrom(1, 4, 24)) })),
    json(fc.record({ fp: hostile, a: fc.oneof(hostile, fc.constantFrom('resolve', 'note', 'mute')) })),
    json(
      fc.record(
        { t: hostile, d: fc.oneof(hostile, fc.constant('2026-02-09')), f: fc.oneof(fc.boolean(), hostile) },
        { requiredKeys: ['t', 'd'] },
      ),
    ),
    json(fc.record({ s: hostile })),
  ),
  { nil: undefined },
);

function world() {
  const calls = new CallLog();
  const told = async () => ({ ok: true, message: 'done' });
  const deps = {
    config: testConfig(),
    clock: new FakeClock(new Date('2026-02-10T20:00:00.000Z')),
    log: silentLogger,
    chat: new RecordingChat(),
    alerts: fakeService<AlertService>(calls, 'alerts', {
      acknowledge: told,
      snooze: told,
      resolveManually: told,
      note: async () => true,
    }),
    alertStore: fakeService<AlertStore>(calls, 'alertStore', {
      get: async (fp) => alertRecord({ fingerprint: fp }),
    }),
    heal: fakeService<HealService>(calls, 'heal', {
      heal: async () => ({ kind: 'refused', ok: false, message: 'no' }),
    }),
    dlq: fakeService<DlqService>(calls, 'dlq', { act: async (s) => ({ kind: 'denied', subscription: s }) }),
  };
  return { calls, deps };
}

/** Ack first and once, one answer, at most one service call — and the arguments that call got. */
function serviceArgs(calls: CallLog): unknown[] | undefined {
  const names = calls.names();
  expect(names[0]).toBe('ack');
  expect(names.filter((n) => n === 'ack')).toHaveLength(1);
  expect(names.filter((n) => n === 'respond' || n === 'client.views.open')).toHaveLength(1);
  const services = calls.calls.filter((c) => /^(alerts|alertStore|heal|dlq)\.(?!note$)/.test(c.name));
  expect(services.length).toBeLessThanOrEqual(1);
  return services[0]?.args;
}

const validFp = (fp: unknown) => typeof fp === 'string' && fp.length >= 3 && fp.length <= 300;

describe('any click value', () => {
  /** Runs the property; fails too when no generated value ever reached the service (a vacuous run). */
  async function property<T>(
    arbitrary: fc.Arbitrary<T>,
    click: (w: ReturnType<typeof world>, input: T) => Promise<void>,
    check: (args: unknown[], input: T) => void,
  ): Promise<void> {
    let reached = 0;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        const w = world();
        await click(w, input);
        const args = serviceArgs(w.calls);
        if (args) {
          reached++;
          check(args, input);
        }
      }),
      { numRuns: 300 },
    );
    expect(reached).toBeGreaterThan(0);
  }

  it('Acknowledge: only a valid fingerprint reaches the service', async () => {
    await property(
      clickValue,
      (w, value) => acknowledgeButton(w.deps)(buttonClick(w.calls, ACTION_IDS.acknowledge, value)),
      (args) => expect(validFp(args[0])).toBe(true),
    );
  });

  it('Snooze: only a valid fingerprint and 1, 4 or 24 hours reach the service', async () => {
    await property(
      clickValue,
      (w, value) => snoozeSelect(w.deps)(selectChoice(w.calls, ACTION_IDS.snooze, value)),
      (args) => {
        expect(validFp(args[0])).toBe(true);
        expect([1, 4, 24]).toContain(args[2]);
      },
    );
  });

  it('the alert menu: only a valid fingerprint and a known option reach the store', async () => {
    await property(
      clickValue,
      (w, value) => alertMenu(w.deps)(overflowChoice(w.calls, ACTION_IDS.overflow, value)),
      (args) => expect(validFp(args[0])).toBe(true),
    );
  });

  it('heal and Confirm: only a short target and an ISO date reach the heal service; force only from Confirm', async () => {
    await property(
      fc.tuple(clickValue, fc.constantFrom('button' as const, 'slash' as const)),
      (w, [value, source]) => healButton(w.deps, source)(buttonClick(w.calls, ACTION_IDS.heal, value)),
      (args, [, source]) => {
        const req = args[0] as { transition: string; date: string; force: boolean };
        expect(req.transition.length).toBeLessThanOrEqual(64);
        expect(req.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (source === 'button') expect(req.force).toBe(false);
      },
    );
  });

  it('Replay / Mark handled: only a subscription name reaches the service', async () => {
    await property(
      fc.tuple(clickValue, fc.constantFrom('replayed' as const, 'dismissed' as const)),
      (w, [value, how]) => dlqButton(w.deps, how)(buttonClick(w.calls, ACTION_IDS.dlqReplay, value)),
      (args, [, how]) => {
        expect(typeof args[0] === 'string' && args[0].length >= 1 && args[0].length <= 255).toBe(true);
        expect(args[1]).toBe(how);
      },
    );
  });
});
