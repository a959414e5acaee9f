/**
 * Behaviour every `SilenceStore` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients/connections onto ONE store, like several bot processes. Each test uses its own ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Silence, SilenceStore } from '../../src/oncall/silences.js';
import { silence } from '../support/builders.js';

export interface SilenceStoreHarness {
  instances: SilenceStore[];
  close(): Promise<void>;
}

const T0 = new Date('2026-02-10T03:00:00.000Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

/** Two matchers and Slack markup in the reason: an adapter stores both as given. */
export function aSilence(over: Partial<Silence> = {}): Silence {
  return silence({
    matchers: { check: 'drift', transition: 'phase3*' },
    reason: 'backfill <!channel> running',
    starts_at: at(0),
    ends_at: at(120),
    ...over,
  });
}

export function silenceStoreContract(name: string, factory: () => Promise<SilenceStoreHarness> | null): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): SilenceStore contract: ${name}`);

  describe.skipIf(pending === null)(`SilenceStore contract: ${name}`, () => {
    let h: SilenceStoreHarness;
    let a: SilenceStore;
    let b: SilenceStore;
    beforeAll(async () => {
      h = (await pending)!;
      a = h.instances[0]!;
      b = h.instances[1]!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('a silence created on one instance is read back whole on another', async () => {
      const s = aSilence();
      expect(await a.create(s)).toBe(true);
      expect(await b.get(s.id)).toEqual(s);
      expect((await b.listUnsummarized()).find((x) => x.id === s.id)).toEqual(s);
    });

    it('creating an existing id is refused and keeps the first', async () => {
      const s = aSilence();
      expect(await a.create(s)).toBe(true);
      expect(await b.create({ ...s, reason: 'other' })).toBe(false);
      expect((await a.get(s.id))?.reason).toBe(s.reason);
    });

    it('an unknown id reads as undefined and cannot be ended', async () => {
      expect(await a.get('nope-nope')).toBeUndefined();
      expect(await a.end('nope-nope', 'U1', at(1))).toBeUndefined();
    });

    it('end moves ends_at back to now and records who; ending again changes nothing', async () => {
      const s = aSilence();
      await a.create(s);
      const ended = await b.end(s.id, 'U0OTHER', at(30));
      expect(ended).toMatchObject({ ends_at: at(30), ended_by: 'U0OTHER' });
      expect(await a.end(s.id, 'U0THIRD', at(40))).toMatchObject({ ends_at: at(30), ended_by: 'U0OTHER' });
      expect((await a.get(s.id))?.ends_at).toEqual(at(30));
    });

    it('the summary is claimed by exactly one of many concurrent callers, then the silence leaves the list', async () => {
      const s = aSilence();
      await a.create(s);
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.instances[i % h.instances.length]!.claimSummary(s.id, at(121)),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await b.listUnsummarized()).some((x) => x.id === s.id)).toBe(false);
      expect((await b.get(s.id))?.summarized_at).toEqual(at(121));
    });

    it('lists newest first', async () => {
      const older = aSilence({ starts_at: at(-600) });
      const newer = aSilence({ starts_at: at(-300) });
      await a.create(older);
      await a.create(newer);
      const ids = (await b.listUnsummarized()).map((x) => x.id);
      expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    });
  });
}
