/** The model behind `/pipeline status`: every transition for its current date. Slack-free. */

import type { Config } from '../config.js';
import { currentDate, loadSnapshot, type Snapshot } from '../pipeline/snapshot.js';
import type { IsoDate, Transition, TransitionState } from '../pipeline/types.js';
import type { CompletionStore, ScheduleSource } from '../ports.js';
import { driftResults } from './drift.js';

export interface StatusItem {
  transition: Transition;
  state: TransitionState;
  /** Expected processors that have gone silent (drift), for this transition. */
  silent: string[];
  openAlerts: number;
  /** Of those, held by a silence or maintenance window (still evaluated and shown, not posted). */
  mutedAlerts?: number;
}

export interface StatusModel {
  runDate: IsoDate;
  tz: string;
  now: Date;
  items: StatusItem[];
}

export async function buildStatus(
  deps: { config: Config; completions: CompletionStore; schedule: ScheduleSource },
  now: Date,
  opts: {
    runDate?: IsoDate;
    openAlertsFor?: (transition: string, date: IsoDate) => number;
    mutedAlertsFor?: (transition: string) => number;
  } = {},
): Promise<StatusModel> {
  const snap = await loadSnapshot(deps, now, { runDate: opts.runDate });
  const items = statusItems(
    snap,
    snap.runDate,
    deps.config.checks.drift_lookback_days,
    opts.openAlertsFor ?? (() => 0),
  );
  const muted = opts.mutedAlertsFor;
  return {
    runDate: snap.runDate,
    tz: snap.tz,
    now,
    items: muted ? items.map((i) => ({ ...i, mutedAlerts: muted(i.transition.id) })) : items,
  };
}

/** Every transition's state for the run of `day` (a date inside the snapshot), with drift and open alerts. */
export function statusItems(
  snap: Snapshot,
  day: IsoDate,
  driftLookback: number,
  openFor: (transition: string, date: IsoDate) => number,
): StatusItem[] {
  const drift = driftResults(snap, driftLookback).filter((r) => r.status === 'fail');
  return snap.transitions.flatMap((v) => {
    const date = currentDate(v.transition, day);
    const state = v.states.get(date);
    if (!state) return [];
    return [
      {
        transition: v.transition,
        state,
        silent: drift.filter((r) => r.transition === v.transition.id).map((r) => String(r.details.processor)),
        openAlerts: openFor(v.transition.id, date),
      },
    ];
  });
}
