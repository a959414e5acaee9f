/**
 * Which backends answer right now: each probe under its own deadline, concurrently. Used by `/readyz`,
 * and by the request deadlines to name what did not answer ("Firestore did not answer") instead of a
 * bare timeout.
 */
import type { Probe } from '../ports.js';
import { DeadlineError, withDeadline } from './deadline.js';
import { errText } from './error-text.js';

export interface ProbeResult {
  name: string;
  ok: boolean;
  error?: string;
}

export function probeAll(probes: Probe[], timeoutMs: number): Promise<ProbeResult[]> {
  return Promise.all(
    probes.map(async (p) => {
      try {
        await withDeadline(
          p.ping(),
          timeoutMs,
          () => new DeadlineError(`${p.name} did not answer within ${timeoutMs} ms`),
        );
        return { name: p.name, ok: true };
      } catch (err) {
        return { name: p.name, ok: false, error: errText(err) };
      }
    }),
  );
}

/** The names of the backends that do not answer within `timeoutMs`, e.g. `['firestore']`. */
export async function unanswered(probes: Probe[], timeoutMs: number): Promise<string[]> {
  return (await probeAll(probes, timeoutMs)).filter((r) => !r.ok).map((r) => r.name);
}
