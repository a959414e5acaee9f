/**
 * `drift` (SPEC §3): an expected processor silent on each of the last N dates on which others reported
 * (the Feb 9 root cause: the orchestrator waited for a disabled processor), or an unexpected processor
 * reporting (configuration no longer matches reality). Pure over a snapshot.
 */
import type { Snapshot, TransitionView } from '../pipeline/snapshot.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Check, CheckResult } from './types.js';

export function driftResults(snap: Snapshot, lookback: number): CheckResult[] {
  return snap.transitions.flatMap((view) => {
    const active = activeDates(view);
    const recent = active.slice(0, lookback);
    return [
      ...view.transition.expected_processors.map((p) => silentResult(view, p, active, recent, lookback)),
      ...unexpectedResults(view, recent),
    ];
  });
}

/** Dates that are settled enough to judge, newest first: before the current date, or the current one once triggered/stuck. */
function activeDates(view: TransitionView): IsoDate[] {
  return [...view.dates].reverse().filter((date) => {
    const state = view.states.get(date)!;
    const settled = date < view.current || state.state === 'triggered' || state.state === 'stuck';
    return settled && Object.keys(view.docs.get(date)!.processors).length > 0;
  });
}

/** An expected processor that reported on none of the last `lookback` active dates. */
function silentResult(
  view: TransitionView,
  p: string,
  active: IsoDate[],
  recent: IsoDate[],
  lookback: number,
): CheckResult {
  const t = view.transition;
  const silent = recent.length >= lookback && recent.every((d) => !(p in view.docs.get(d)!.processors));
  const lastSeen = active.find((d) => p in view.docs.get(d)!.processors);
  return {
    check: 'drift',
    subject: `${t.id}:${p}`,
    transition: t.id,
    status: silent ? 'fail' : 'ok',
    summary: silent
      ? `${p} is expected by ${t.id} but has not reported on the last ${lookback} dates on which other processors did (last seen ${lastSeen ?? 'never in the window'}); the orchestrator will wait for it forever. Disabled processor or config drift?`
      : `${p} reports`,
    details: { processor: p, kind: 'silent_expected', dates_checked: recent, last_seen: lastSeen ?? null },
    facts: [
      { label: 'Processor', value: p },
      { label: 'Transition', value: t.id },
      { label: 'Last reported', value: lastSeen ?? `not in the last ${view.dates.length} days` },
      {
        label: 'Dates checked',
        value: recent.length ? `${recent[recent.length - 1]} … ${recent[0]}` : 'none',
      },
    ],
  };
}

/** Processors reporting to the collection that the transition does not expect. */
function unexpectedResults(view: TransitionView, recent: IsoDate[]): CheckResult[] {
  const t = view.transition;
  const unexpected = new Map<string, IsoDate[]>();
  for (const d of recent) {
    for (const p of Object.keys(view.docs.get(d)!.processors)) {
      if (!t.expected_processors.includes(p)) unexpected.set(p, [...(unexpected.get(p) ?? []), d]);
    }
  }
  return [...unexpected.entries()].sort().map(([p, dates]) => ({
    check: 'drift',
    subject: `${t.id}:${p}`,
    transition: t.id,
    status: 'warn',
    summary: `${p} reports to ${t.collection} but is not in ${t.id}.expected_processors (seen ${dates.length} of the last ${recent.length} dates); its data is not counted toward "all complete"`,
    details: { processor: p, kind: 'unexpected', dates },
    facts: [
      { label: 'Processor', value: p },
      { label: 'Transition', value: t.id },
      { label: 'Seen on', value: dates.join(', ') },
    ],
  }));
}

export const driftCheck: Check = {
  id: 'drift',
  tier: 'fast',
  run: async (ctx) => driftResults(await ctx.snapshot(), ctx.config.checks.drift_lookback_days),
};
