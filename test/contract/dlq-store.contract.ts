/**
 * Behaviour every `DlqStore` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients onto ONE store, like several bot processes. Each test uses its own subscription name.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DlqStore } from '../../src/dlq/ports.js';
import { dlqRecord } from '../support/builders.js';

export interface DlqStoreHarness {
  instances: DlqStore[];
  close(): Promise<void>;
}

const AT = new Date('2026-11-30T11:00:00.000Z');

export function dlqStoreContract(name: string, factory: () => Promise<DlqStoreHarness> | null): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): DlqStore contract: ${name}`);

  describe.skipIf(pending === null)(`DlqStore contract: ${name}`, () => {
    let h: DlqStoreHarness;
    let a: DlqStore;
    let b: DlqStore;
    const sub = () => `dlq-${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      h = (await pending)!;
      a = h.instances[0]!;
      b = h.instances[1]!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('a message is recorded once, even when recorded again from another instance', async () => {
      const record = dlqRecord({ subscription: sub(), attributes: { error: 'quota' } });
      const outcomes = await Promise.all([a.record(record), b.record(record), a.record(record)]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const listed = await b.list({ subscription: record.subscription });
      expect(listed).toEqual([record]);
    });

    it('lists one subscription, newest publish time first, bounded by limit', async () => {
      const s = sub();
      const times = ['2026-11-28T01:00:00.000Z', '2026-11-30T01:00:00.000Z', '2026-11-29T01:00:00.000Z'];
      for (const t of times) await a.record(dlqRecord({ subscription: s, publish_time: new Date(t) }));
      await a.record(dlqRecord({ subscription: sub() }));
      const listed = await b.list({ subscription: s, limit: 2 });
      expect(listed.map((r) => r.publish_time.toISOString())).toEqual([times[1], times[2]]);
    });

    it('marks a message handled exactly once under concurrent calls', async () => {
      const record = dlqRecord({ subscription: sub() });
      await a.record(record);
      const wins = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).markHandled(record.subscription, record.message_id, 'replayed', `U${i}`, AT),
        ),
      );
      expect(wins.filter(Boolean)).toHaveLength(1);
      const [stored] = await a.list({ subscription: record.subscription });
      expect(stored).toMatchObject({ handled: 'replayed', handled_at: AT });
      expect(stored!.handled_by).toBe(`U${wins.indexOf(true)}`);
    });

    it('a tally reads the waiting messages (bounded, newest first), counts the handled ones and gives the latest arrival', async () => {
      const s = sub();
      const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 10, minute));
      // Many handled records, published after the waiting ones (a read of the newest would return them),
      // one of them the latest arrival; three waiting ones, published apart.
      const handled = Array.from({ length: 30 }, (_, i) =>
        dlqRecord({
          subscription: s,
          handled: 'replayed',
          handled_by: 'U1',
          handled_at: AT,
          publish_time: at(10 + i),
          recorded_at: at(10 + i),
        }),
      );
      handled[7]!.recorded_at = at(59);
      const waiting = [1, 3, 2].map((m) =>
        dlqRecord({ subscription: s, publish_time: at(m), recorded_at: at(m) }),
      );
      for (const r of [...handled, ...waiting]) await a.record(r);
      await a.record(dlqRecord({ subscription: sub(), recorded_at: AT }));
      const tally = await b.tally(s, 2);
      expect(tally).toEqual({ waiting: [waiting[1], waiting[2]], handled: 30, last_recorded_at: at(59) });
    });

    it('a record marked handled leaves the waiting ones and is counted; an unknown subscription tallies nothing', async () => {
      const record = dlqRecord({ subscription: sub() });
      await a.record(record);
      expect(await b.tally(record.subscription, 10)).toMatchObject({ waiting: [record], handled: 0 });
      await a.markHandled(record.subscription, record.message_id, 'dismissed', 'U1', AT);
      expect(await b.tally(record.subscription, 10)).toEqual({
        waiting: [],
        handled: 1,
        last_recorded_at: record.recorded_at,
      });
      expect(await b.tally(sub(), 10)).toEqual({ waiting: [], handled: 0, last_recorded_at: null });
    });

    it('an unknown message is not marked', async () => {
      expect(await a.markHandled(sub(), 'nope', 'dismissed', 'U1', AT)).toBe(false);
    });
  });
}
