import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/index.js';
import { tieredRunner } from '../../src/checks/tiered.js';
import type { Check } from '../../src/checks/types.js';
import { createLogger } from '../../src/log.js';
import { FakeClock } from '../support/fixtures.js';
import { configWith } from '../support/monitor-config.js';

const ports = {
  prober: { probe: async () => ({ status: 200, latencyMs: 1, bodyStart: '', timedOut: false }) },
  probeStates: { getMany: async () => new Map(), putMany: async () => {} },
};

describe('monitor checks wiring', () => {
  it('service_health joins with its ports; deployment_drift only with Cloud Run and GitHub readers', () => {
    const ids = (checks: Check[]) => checks.map((c) => c.id);
    expect(ids(allChecks())).not.toContain('service_health');
    expect(ids(allChecks({ monitors: ports }))).toContain('service_health');
    expect(ids(allChecks({ monitors: ports }))).not.toContain('deployment_drift');
    const drift = {
      revisions: { serving: async () => ({ service: 's', revision: 'r' }) },
      commits: {
        latest: async () => ({ sha: 'a', committedAt: new Date() }),
        compare: async () => ({ status: 'identical' as const, missing: [] }),
      },
    };
    expect(ids(allChecks({ monitors: { ...ports, ...drift } }))).toContain('deployment_drift');
  });

  it('an external check runs without a warehouse, on the warehouse cadence, its results repeated between', async () => {
    const config = configWith({ checks: { warehouse_cron: '0 * * * *' } });
    const clock = new FakeClock(new Date('2026-02-10T15:00:30Z'));
    let runs = 0;
    const external: Check = {
      id: 'deployment_drift',
      tier: 'external',
      run: () => {
        runs++;
        return [
          {
            check: 'deployment_drift',
            subject: 'svc',
            status: 'fail',
            summary: 'behind',
            details: {},
            facts: [],
          },
        ];
      },
    };
    const deps = {
      config,
      clock,
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: { gamesOn: async () => new Map() },
    };
    const run = tieredRunner([external], deps, createLogger('silent'));
    const first = await run('cron');
    clock.advance(60_000);
    const second = await run('cron');
    expect(runs).toBe(1);
    for (const results of [first, second])
      expect(results.filter((r) => r.check === 'deployment_drift').map((r) => r.status)).toEqual(['fail']);
    clock.set(new Date('2026-02-10T16:00:30Z'));
    await run('cron');
    expect(runs).toBe(2);
  });
});
