/** A part of a dashboard (digest, trends): its value, or why it could not be read — one part failing never hides the others. */
import { DeadlineError, withDeadline } from './deadline.js';

export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

/** Why bounded: a slow BigQuery must not hold the digest (or the App Home) for minutes. */
const PART_TIMEOUT_MS = 20_000;

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 300);

export async function part<T>(what: string, fn: () => Promise<T>, ms = PART_TIMEOUT_MS): Promise<Part<T>> {
  try {
    const late = () => new DeadlineError(`${what} did not finish within ${ms} ms`);
    return { ok: true, value: await withDeadline(fn(), ms, late) };
  } catch (err) {
    return { ok: false, error: errText(err) };
  }
}
