/** service_health rules: what counts as a good probe, and how a probe moves the consecutive-failure count. */
import type { ServiceTarget } from './config-schema.js';
import type { ProbeOutcome, ProbeState } from './ports.js';

export function isGoodProbe(target: ServiceTarget, outcome: ProbeOutcome): boolean {
  return !outcome.error && outcome.status === target.expect_status;
}

/** One good probe resets the streak (resolves); a bad one extends it. */
export function nextProbeState(
  previous: ProbeState | undefined,
  name: string,
  good: boolean,
  outcome: ProbeOutcome,
  at: Date,
): ProbeState {
  const failures = good ? 0 : (previous?.consecutiveFailures ?? 0) + 1;
  return {
    name,
    consecutiveFailures: failures,
    failingSince: good ? undefined : failures === 1 ? at : (previous?.failingSince ?? at),
    lastOkAt: good ? at : previous?.lastOkAt,
    lastProbeAt: at,
    lastLatencyMs: outcome.latencyMs,
  };
}

/** One line for humans: "HTTP 500 in 12 ms", "no answer within 5000 ms". */
export function describeProbe(outcome: ProbeOutcome): string {
  if (outcome.error) return outcome.error;
  return `HTTP ${outcome.status} in ${Math.round(outcome.latencyMs)} ms`;
}
