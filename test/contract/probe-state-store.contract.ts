/**
 * Behaviour every `ProbeStateStore` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients onto ONE store, like two bot processes taking turns at the checks lease.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbeState, ProbeStateStore } from '../../src/monitors/ports.js';

export interface ProbeStateHarness {
  instances: ProbeStateStore[];
  close(): Promise<void>;
}

const T0 = new Date('2026-02-10T15:00:00.123Z');

const state = (name: string, over: Partial<ProbeState> = {}): ProbeState => ({
  name,
  consecutiveFailures: 0,
  lastProbeAt: T0,
  lastLatencyMs: 12.5,
  ...over,
});

export function probeStateStoreContract(name: string, factory: () => Promise<ProbeStateHarness> | null) {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): ProbeStateStore contract: ${name}`);

  describe.skipIf(pending === null)(`ProbeStateStore contract: ${name}`, () => {
    let h: ProbeStateHarness;
    const fresh = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;
    beforeAll(async () => {
      h = (await pending)!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('a service never probed is absent; an empty request reads nothing', async () => {
      const [a] = h.instances;
      expect((await a!.getMany([fresh('never')])).size).toBe(0);
      expect((await a!.getMany([])).size).toBe(0);
    });

    it('what one instance writes, another reads back exactly (dates, counts, absent fields)', async () => {
      const [a, b] = h.instances;
      const failing = state(fresh('orch.p2/health'), {
        consecutiveFailures: 3,
        failingSince: new Date(T0.getTime() - 120_000),
        lastOkAt: new Date(T0.getTime() - 180_000),
      });
      const healthy = state(fresh('orch-p3'));
      await a!.putMany([failing, healthy]);
      const read = await b!.getMany([failing.name, healthy.name, fresh('missing')]);
      expect(read.get(failing.name)).toEqual(failing);
      expect(read.get(healthy.name)).toEqual(healthy);
      expect(read.size).toBe(2);
    });

    it('a later write replaces the state (a good probe clears the streak and its start)', async () => {
      const [a, b] = h.instances;
      const key = fresh('svc');
      await a!.putMany([state(key, { consecutiveFailures: 2, failingSince: T0 })]);
      const cleared = state(key, {
        lastOkAt: new Date(T0.getTime() + 60_000),
        lastProbeAt: new Date(T0.getTime() + 60_000),
      });
      await b!.putMany([cleared]);
      expect((await a!.getMany([key])).get(key)).toEqual(cleared);
    });
  });
}
