/**
 * `service_health` (SPEC §10): probes every configured endpoint concurrently on the fast cadence (each
 * probe bounded by its `timeout_ms`); fails after `failures` consecutive bad probes (wrong status, no
 * answer in time), resolves after one good probe. The count lives in a store, so it survives restarts
 * and moves between instances. Each probe's latency is kept in the result details (check history).
 */
import type { ServiceTarget } from '../monitors/config-schema.js';
import type { ProbeOutcome, ProbeState, ProbeStateStore, ServiceProber } from '../monitors/ports.js';
import { describeProbe, isGoodProbe, nextProbeState } from '../monitors/service-health.js';
import { localDateTime } from '../pipeline/dates.js';
import type { Check, CheckResult } from './types.js';

export interface ServiceHealthPorts {
  prober: ServiceProber;
  probeStates: ProbeStateStore;
}

export function serviceHealthCheck(ports: ServiceHealthPorts): Check {
  return {
    id: 'service_health',
    tier: 'fast',
    run: async (ctx) => {
      const targets = ctx.config.services;
      if (targets.length === 0) return [];
      const [previous, outcomes] = await Promise.all([
        ports.probeStates.getMany(targets.map((t) => t.name)),
        Promise.all(targets.map((t) => ports.prober.probe(t))),
      ]);
      const next = targets.map((t, i) =>
        nextProbeState(previous.get(t.name), t.name, isGoodProbe(t, outcomes[i]!), outcomes[i]!, ctx.now),
      );
      await ports.probeStates.putMany(next);
      return targets.map((t, i) => serviceHealthResult(t, outcomes[i]!, next[i]!, ctx.config.timezone));
    },
  };
}

export function serviceHealthResult(
  target: ServiceTarget,
  outcome: ProbeOutcome,
  state: ProbeState,
  tz: string,
): CheckResult {
  const when = (d: Date) => localDateTime(d, tz);
  const failing = state.consecutiveFailures >= target.failures;
  const seen = describeProbe(outcome);
  const facts = [
    { label: 'Service', value: target.name },
    { label: 'URL', value: target.url },
    { label: 'Last probe', value: seen },
    { label: 'Failed in a row', value: `${state.consecutiveFailures} (alerts at ${target.failures})` },
    ...(state.failingSince ? [{ label: 'Failing since', value: `${when(state.failingSince)} (${tz})` }] : []),
    ...(state.lastOkAt ? [{ label: 'Last good probe', value: when(state.lastOkAt) }] : []),
    ...(outcome.bodyStart && state.consecutiveFailures > 0
      ? [{ label: 'Body (first 200 bytes)', value: outcome.bodyStart }]
      : []),
  ];
  const summary = failing
    ? `${target.name} is not healthy: ${state.consecutiveFailures} bad probes in a row (expected HTTP ${target.expect_status}; last: ${seen})`
    : state.consecutiveFailures > 0
      ? `${target.name}: ${state.consecutiveFailures} bad probe(s) in a row (alerts at ${target.failures}; last: ${seen})`
      : `${target.name} answered (${seen})`;
  return {
    check: 'service_health',
    subject: target.name,
    status: failing ? 'fail' : 'ok',
    summary,
    details: {
      service: target.name,
      url: target.url,
      status_code: outcome.status ?? null,
      latency_ms: Math.round(outcome.latencyMs),
      timed_out: outcome.timedOut,
      error: outcome.error ?? null,
      body_start: outcome.bodyStart,
      consecutive_failures: state.consecutiveFailures,
      failures_threshold: target.failures,
      failing_since: state.failingSince?.toISOString() ?? null,
    },
    facts,
  };
}
