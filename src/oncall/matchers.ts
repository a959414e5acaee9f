/**
 * Matchers (Alertmanager's model): `check=drift transition=phase3*` — every given key must match the
 * alert, values are globs (see glob.ts). Shared by routes, silences and maintenance windows. Pure.
 */
import { quoteInput } from '../util/mrkdwn.js';
import { globMatch, globProblem } from './glob.js';
import { SEVERITIES, type Severity } from './severity.js';

/** Why these four: the `match` keys SPEC §10 gives routes, silences and maintenance windows. */
export const MATCHER_KEYS = ['check', 'transition', 'subject', 'severity'] as const;
export type MatcherKey = (typeof MATCHER_KEYS)[number];
export type Matchers = Partial<Record<MatcherKey, string>>;

/** What matchers look at: the alert's identity, its transition (if any) and its severity. */
export interface AlertFacts {
  check: string;
  subject: string;
  transition?: string;
  severity: Severity;
}

/** Every key present must match; no keys matches everything (a route's catch-all). */
export function matches(m: Matchers, facts: AlertFacts): boolean {
  return MATCHER_KEYS.every((k) => m[k] === undefined || globMatch(m[k], facts[k] ?? ''));
}

export function formatMatchers(m: Matchers): string {
  const parts = MATCHER_KEYS.filter((k) => m[k] !== undefined).map((k) => `${k}=${m[k]}`);
  return parts.length ? parts.join(' ') : '(everything)';
}

/** What a matcher value may name, to catch typos (`check=drfit`) before they silence nothing. */
export interface KnownNames {
  checks: readonly string[];
  transitions: readonly string[];
}

export type MatchersResult = { ok: true; matchers: Matchers } | { ok: false; message: string };

/** Parses `key=glob` words. Errors name the word and say what would be accepted. */
export function parseMatchers(words: string[], known: KnownNames): MatchersResult {
  const out: Matchers = {};
  for (const word of words) {
    const eq = word.indexOf('=');
    const key = word.slice(0, eq).toLowerCase();
    const value = word.slice(eq + 1);
    if (eq <= 0 || !(MATCHER_KEYS as readonly string[]).includes(key)) {
      return {
        ok: false,
        message: `unknown matcher key in "${quoteInput(word)}": use ${MATCHER_KEYS.map((k) => `${k}=`).join(', ')}.`,
      };
    }
    const k = key as MatcherKey;
    if (out[k] !== undefined) return { ok: false, message: `matcher \`${k}\` is given twice.` };
    const problem = globProblem(value);
    if (problem)
      return { ok: false, message: `bad pattern for \`${k}\` ("${quoteInput(value)}"): it ${problem}.` };
    const names =
      k === 'check'
        ? known.checks
        : k === 'transition'
          ? known.transitions
          : k === 'severity'
            ? SEVERITIES
            : [];
    if (names.length && !names.some((n) => globMatch(value, n))) {
      return {
        ok: false,
        message: `\`${k}=${quoteInput(value)}\` matches no ${k}; known: ${names.join(', ')}.`,
      };
    }
    out[k] = value;
  }
  if (Object.keys(out).length === 0) {
    return { ok: false, message: 'give at least one matcher, e.g. `check=drift` or `transition=phase3*`.' };
  }
  return { ok: true, matchers: out };
}
