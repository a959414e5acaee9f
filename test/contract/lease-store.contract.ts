/**
 * Behaviour every `LeaseStore` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients/connections onto ONE store, like several bot processes. Each test uses its own lease names.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeaseStore } from '../../src/alerts/types.js';

export interface LeaseStoreHarness {
  /** At least 2 instances sharing one store. */
  instances: LeaseStore[];
  close(): Promise<void>;
}

const T0 = new Date('2026-02-10T15:00:00.123Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 60_000;

export function leaseStoreContract(name: string, factory: () => Promise<LeaseStoreHarness> | null): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): LeaseStore contract: ${name}`);

  describe.skipIf(pending === null)(`LeaseStore contract: ${name}`, () => {
    let h: LeaseStoreHarness;
    let a: LeaseStore;
    let b: LeaseStore;
    const fresh = (label: string) => `tick:${label}_${randomUUID().slice(0, 8)}`;

    beforeAll(async () => {
      h = (await pending)!;
      expect(h.instances.length).toBeGreaterThanOrEqual(2);
      a = h.instances[0]!;
      b = h.instances[1]!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('a free lease is acquired; another holder is refused while it is live', async () => {
      const name = fresh('basic');
      expect(await a.acquire(name, 'instance-a', TTL, at(0))).toBe(true);
      expect(await b.acquire(name, 'instance-b', TTL, at(1))).toBe(false);
      expect(await b.acquire(name, 'instance-b', TTL, at(TTL - 1))).toBe(false);
    });

    it('an expired lease (until <= now) can be taken by another holder', async () => {
      const name = fresh('expiry');
      expect(await a.acquire(name, 'instance-a', TTL, at(0))).toBe(true);
      expect(await b.acquire(name, 'instance-b', TTL, at(TTL))).toBe(true);
      // Now b holds it until 2*TTL; a's late renewal is refused.
      expect(await a.acquire(name, 'instance-a', TTL, at(TTL + 1))).toBe(false);
    });

    it('the same holder renews, moving the expiry to now + ttl', async () => {
      const name = fresh('renew');
      expect(await a.acquire(name, 'instance-a', TTL, at(0))).toBe(true);
      expect(await a.acquire(name, 'instance-a', TTL, at(TTL / 2))).toBe(true);
      // The first grant would have lapsed at TTL; the renewal holds until 1.5 * TTL.
      expect(await b.acquire(name, 'instance-b', TTL, at(TTL))).toBe(false);
      expect(await b.acquire(name, 'instance-b', TTL, at(TTL * 1.5 - 1))).toBe(false);
      expect(await b.acquire(name, 'instance-b', TTL, at(TTL * 1.5))).toBe(true);
    });

    it('release by a non-holder does nothing; release by the holder frees it', async () => {
      const name = fresh('release');
      expect(await a.acquire(name, 'instance-a', TTL, at(0))).toBe(true);
      await b.release(name, 'instance-b');
      expect(await b.acquire(name, 'instance-b', TTL, at(1))).toBe(false);
      await b.release(name, 'instance-a');
      expect(await b.acquire(name, 'instance-b', TTL, at(2))).toBe(true);
      // Releasing a lease nobody holds is fine too.
      await a.release(fresh('never-held'), 'instance-a');
    });

    it('leases of different names are independent', async () => {
      const x = fresh('x');
      const y = fresh('y');
      expect(await a.acquire(x, 'instance-a', TTL, at(0))).toBe(true);
      expect(await b.acquire(y, 'instance-b', TTL, at(0))).toBe(true);
      expect(await a.acquire(y, 'instance-a', TTL, at(1))).toBe(false);
    });

    it('CONCURRENCY: two holders race 20 times; exactly one acquires each round', async () => {
      const base = fresh('race');
      for (let round = 0; round < 20; round++) {
        const name = `${base}:${round}`;
        const results = await Promise.all([
          a.acquire(name, 'instance-a', TTL, at(0)),
          b.acquire(name, 'instance-b', TTL, at(0)),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
      }
    });

    it('CONCURRENCY: 10 holders over every instance race for one lease; one wins', async () => {
      const name = fresh('crowd');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.instances[i % h.instances.length]!.acquire(name, `instance-${i}`, TTL, at(0)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('markCompleted / lastCompleted round-trip to the millisecond, across instances', async () => {
      const name = fresh('runs');
      expect(await a.lastCompleted(name)).toBeUndefined();
      const done = new Date(Date.UTC(2026, 1, 10, 3, 4, 5, 678));
      await a.markCompleted(name, done);
      const back = await b.lastCompleted(name);
      expect(back).toBeInstanceOf(Date);
      expect(back!.getTime()).toBe(done.getTime());
      const later = new Date(done.getTime() + 60_001);
      await b.markCompleted(name, later);
      expect((await a.lastCompleted(name))!.getTime()).toBe(later.getTime());
    });

    it('markCompleted keeps the latest time when an older one arrives late', async () => {
      const name = fresh('late');
      await a.markCompleted(name, at(TTL));
      await b.markCompleted(name, at(0));
      expect((await a.lastCompleted(name))!.getTime()).toBe(at(TTL).getTime());
    });

    it('releasing a lease keeps its completion bookkeeping', async () => {
      const name = fresh('keep');
      expect(await a.acquire(name, 'instance-a', TTL, at(0))).toBe(true);
      await a.markCompleted(name, at(5));
      await a.release(name, 'instance-a');
      expect((await b.lastCompleted(name))!.getTime()).toBe(at(5).getTime());
    });
  });
}
