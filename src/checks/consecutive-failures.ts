/**
 * `consecutive_failures` (SPEC §3): a scraper or processor whose latest `threshold`+ runs all failed (the
 * incident: 148 failures in a row, no alert). One result per scraper/processor seen in the window, so an
 * alert resolves when a run succeeds again. A run with no status ends a streak (it did not fail) and is
 * shown as "unknown status", so a log that lost statuses is visible rather than read as success.
 */
import { localDateTime } from '../pipeline/dates.js';
import type { FailureStreak } from '../warehouse/ports.js';
import type { Check, CheckResult } from './types.js';

/** Why named once: how a run whose log rows carry no status reads, the same in every summary line. */
export const UNKNOWN_STATUS = 'unknown status';

/**
 * Why 14: a partition-pruned read, well past the default threshold of 5; a longer streak reads "at least".
 */
export const STREAK_LOOKBACK_DAYS = 14;

/** "3 failed run(s) in a row", and which run has unknown status when one ended the streak. */
function okSummary(s: FailureStreak): string {
  if (!s.lastOkUnknown) return `${s.name}: ${s.streak} failed run(s) in a row`;
  if (s.streak === 0) return `${s.name}: the latest run has ${UNKNOWN_STATUS}`;
  return `${s.name}: ${s.streak} failed run(s) in a row, after a run with ${UNKNOWN_STATUS}`;
}

export function consecutiveFailureResults(
  streaks: FailureStreak[],
  threshold: number,
  tz: string,
): CheckResult[] {
  const when = (d: Date) => localDateTime(d, tz);
  return streaks.map((s): CheckResult => {
    const subject = `${s.kind}:${s.name}`;
    const label = s.kind === 'scraper' ? 'Scraper' : 'Processor';
    const atLeast = s.lastOkAt ? '' : 'at least ';
    const facts = [
      { label, value: s.name },
      { label: 'Failed in a row', value: `${atLeast}${s.streak}` },
      ...(s.streakStart ? [{ label: 'Failing since', value: `${when(s.streakStart)} (${tz})` }] : []),
      {
        label: 'Last run not failed',
        value: s.lastOkAt
          ? `${when(s.lastOkAt)}${s.lastOkUnknown ? ` (${UNKNOWN_STATUS})` : ''}`
          : `none in ${STREAK_LOOKBACK_DAYS} days`,
      },
      ...(s.lastError ? [{ label: 'Last error', value: s.lastError }] : []),
    ];
    const details = {
      kind: s.kind,
      name: s.name,
      streak: s.streak,
      streak_start: s.streakStart?.toISOString() ?? null,
      last_ok_at: s.lastOkAt?.toISOString() ?? null,
      last_ok_unknown_status: s.lastOkUnknown,
      last_run_at: s.lastRunAt.toISOString(),
      last_error: s.lastError ?? null,
      threshold,
    };
    if (s.streak < threshold) {
      return {
        check: 'consecutive_failures',
        subject,
        status: 'ok',
        summary: okSummary(s),
        details,
        facts,
      };
    }
    return {
      check: 'consecutive_failures',
      subject,
      status: 'fail',
      summary: `${label.toLowerCase()} ${s.name} has failed ${atLeast}${s.streak} times in a row${s.streakStart ? ` since ${when(s.streakStart)}` : ''}${s.lastError ? `; last error: ${s.lastError}` : ''}`,
      details,
      facts,
    };
  });
}

export const consecutiveFailuresCheck: Check = {
  id: 'consecutive_failures',
  tier: 'warehouse',
  run: async (ctx) => {
    const since = new Date(ctx.now.getTime() - STREAK_LOOKBACK_DAYS * 86_400_000);
    const streaks = await ctx.warehouse!.failureStreaks(since);
    return consecutiveFailureResults(
      streaks,
      ctx.config.checks.consecutive_failures.threshold,
      ctx.config.timezone,
    );
  },
};
