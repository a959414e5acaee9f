/** The model behind `/pipeline status`: every transition for its current date. Slack-free. */
import { driftResults } from '../checks/drift.js';
import type { Config } from '../config.js';
import type { CompletionStore, ScheduleSource } from '../ports.js';
import { loadSnapshot } from './snapshot.js';
import type { IsoDate, Transition, TransitionState } from './types.js';

export interface StatusItem {
  transition: Transition;
  state: TransitionState;
  /** Expected processors that have gone silent (drift), for this transition. */
  silent: string[];
  openAlerts: number;
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
  opts: { runDate?: IsoDate; openAlertsFor?: (transition: string) => number } = {},
): Promise<StatusModel> {
  const snap = await loadSnapshot(deps, now, { runDate: opts.runDate });
  const drift = driftResults(snap, deps.config.checks.drift_lookback_days).filter((r) => r.status === 'fail');
  return {
    runDate: snap.runDate,
    tz: snap.tz,
    now,
    items: snap.transitions.map((v) => ({
      transition: v.transition,
      state: v.states.get(v.current)!,
      silent: drift.filter((r) => r.transition === v.transition.id).map((r) => String(r.details.processor)),
      openAlerts: opts.openAlertsFor?.(v.transition.id) ?? 0,
    })),
  };
}
