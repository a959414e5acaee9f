/**
 * Short references for errors: the user sees "error a1b2c3 in the log", the log has the raw error with
 * the same reference — no stack trace or library message reaches a user.
 */
import { randomBytes } from 'node:crypto';

/** Six hex characters: unique enough to find one line in a day's log. */
export function errorRef(): string {
  return randomBytes(3).toString('hex');
}
