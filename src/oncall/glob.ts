/**
 * Glob patterns for alert matchers (`phase3*`, `stuck:phase2_to_phase3:2026-02-??`): `*` is any run of
 * characters, `?` one character, everything else literal. Hand-written two-pointer matching (linear
 * backtracking on the last `*`), so no RegExp is ever built from what a user typed. Pure.
 */

/** Why this alphabet: check ids, transition ids, subjects (ids, dates, `:`), severities, and the two wildcards. */
const GLOB_CHARS = /^[A-Za-z0-9_.:*?/-]+$/;
/** Why 200: subjects are ~40 characters; a longer pattern is a paste mistake. */
export const MAX_GLOB_CHARS = 200;

/** Why a reason rather than a boolean: the parser answers the user with it. */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length === 0) return 'is empty';
  if (pattern.length > MAX_GLOB_CHARS) return `is longer than ${MAX_GLOB_CHARS} characters`;
  if (!GLOB_CHARS.test(pattern)) return 'may only use letters, digits, `_ . : / -` and the wildcards `*` `?`';
  return undefined;
}

/** True when `text` matches `pattern` as a whole (case-sensitive). */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '?' || (c !== undefined && c !== '*' && c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
