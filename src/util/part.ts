/** A part of a dashboard (digest, trends): its value, or why it could not be read — one part failing never hides the others. */
import { DeadlineError, withDeadline } from './deadline.js';
import { errText } from './error-text.js';

export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

/** Why bounded: a slow BigQuery must not hold the digest (or the App Home) for minutes. */
const PART_TIMEOUT_MS = 20_000;

/** Why 300: a part's error is one line of a dashboard. */
const PART_ERROR_CHARS = 300;

export async function part<T>(what: string, fn: () => Promise<T>, ms = PART_TIMEOUT_MS): Promise<Part<T>> {
  try {
    const late = () => new DeadlineError(`${what} did not finish within ${ms} ms`);
    return { ok: true, value: await withDeadline(fn(), ms, late) };
  } catch (err) {
    return { ok: false, error: errText(err, PART_ERROR_CHARS) };
  }
}
