/**
 * A burst of `/pipeline status` shares one read and one build (README *Benchmarks*, burst): requests in
 * flight together get the same model; a request after they finished reads again (nothing stale is kept).
 */
import { describe, expect, it } from 'vitest';
import { everyDateHasGames } from '../../src/adapters/local/completion-store.js';
import { statusAnswer } from '../../src/commands/status.js';
import { silentLogger } from '../../src/log.js';
import type { CompletionStore, DocRef } from '../../src/ports.js';
import { alertRecord, checkResult } from '../support/builders.js';
import { FakeClock, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore } from '../support/memory.js';

class CountingAlerts extends MemoryAlertStore {
  listed = 0;
  override async listActive() {
    this.listed++;
    return super.listActive();
  }
}

function countingCompletions(): CompletionStore & { reads: number } {
  const store = {
    reads: 0,
    async getMany(refs: DocRef[]) {
      store.reads++;
      return refs.map((r) => ({ ...r, exists: false, processors: {}, triggered: false }));
    },
    async ping() {},
  };
  return store;
}

describe('status in a burst', () => {
  it('concurrent requests share one read; a later request reads again and sees what changed', async () => {
    const alertStore = new CountingAlerts();
    const completions = countingCompletions();
    const deps = {
      config: testConfig(),
      clock: new FakeClock(new Date('2026-02-10T16:00:00Z')),
      log: silentLogger,
      completions,
      schedule: everyDateHasGames,
      alertStore,
    };
    const caller = { userId: 'U1', source: 'slash' as const };
    const burst = await Promise.all(Array.from({ length: 10 }, () => statusAnswer(deps, undefined, caller)));
    expect(alertStore.listed).toBe(1);
    expect(completions.reads).toBe(1);
    expect(new Set(burst.map((m) => JSON.stringify(m))).size).toBe(1);

    const open = alertRecord({}, checkResult({ transition: 'phase2_to_phase3', date: '2026-02-09' }));
    await alertStore.update(open.fingerprint, () => open);
    const later = await statusAnswer(deps, undefined, caller);
    expect(alertStore.listed).toBe(2);
    expect(completions.reads).toBe(2);
    expect(JSON.stringify(later)).not.toBe(JSON.stringify(burst[0]));
  });
});
