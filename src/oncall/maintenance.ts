/**
 * Maintenance windows (config `maintenance_windows[] {cron, duration, matchers}`): recurring silences.
 * A window whose cron fired within the last `duration` is open now — across midnight too (cron
 * `0 23 * * *`, duration `3h` holds 23:00–02:00). Each open occurrence becomes a silence with a
 * deterministic id, so every instance creates the same one and its end is summarised once. Pure.
 */
import { cronMatcher } from '../checks/cron-match.js';
import type { Matchers } from './matchers.js';
import type { Silence } from './silences.js';

export interface MaintenanceWindow {
  cron: string;
  /** Milliseconds (parsed from `2h`, `90m` at config load). */
  durationMs: number;
  matchers: Matchers;
  reason?: string;
}

/** The start of the occurrence of `w` open at `now`, if any (latest cron minute in (now − duration, now]). */
export function openOccurrence(w: MaintenanceWindow, now: Date, tz: string): Date | undefined {
  const m = cronMatcher(w.cron, tz);
  const nowMin = Math.floor(now.getTime() / 60_000);
  const spanMin = Math.ceil(w.durationMs / 60_000);
  for (let back = 0; back < spanMin; back++) {
    const at = new Date((nowMin - back) * 60_000);
    if (m.matches(at)) return at;
  }
  return undefined;
}

/** The silences of every window open at `now`. */
export function windowSilences(windows: readonly MaintenanceWindow[], now: Date, tz: string): Silence[] {
  const out: Silence[] = [];
  windows.forEach((w, i) => {
    const start = openOccurrence(w, now, tz);
    if (!start) return;
    out.push({
      id: `mw${i}-${start.getTime() / 60_000}`,
      matchers: w.matchers,
      created_by: `maintenance_windows[${i}]`,
      reason: w.reason ?? `maintenance window (${w.cron})`,
      starts_at: start,
      ends_at: new Date(start.getTime() + w.durationMs),
    });
  });
  return out;
}
