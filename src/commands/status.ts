/**
 * `/pipeline status [date]` and `pipeline-bot status [date]`: every transition for its current date (or
 * the run of `date`), with open and muted alerts. Its own module, so the CLI's local `status` loads only
 * this, the snapshot and the status view (not every command's views).
 */

import { buildStatus, type StatusModel } from '../checks/status.js';
import type { Deps } from '../deps.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Message } from '../views/blocks.js';
import { statusView } from '../views/status.js';
import type { Caller } from './caller.js';

/** What `status` reads: a subset of `Deps`, so the CLI can answer it without wiring the services. */
export type StatusDeps = Pick<Deps, 'config' | 'clock' | 'completions' | 'schedule' | 'alertStore'> &
  Partial<Pick<Deps, 'heal'>> & { log: WarnLog };

/** The one log call status makes (the CLI passes a logger that loads pino only if it is used). */
export interface WarnLog {
  warn(fields: { err: unknown }, message: string): void;
}

/**
 * Status models being built, per completion store and date: requests that arrive together (a burst of
 * `/pipeline status`) share one read and one build. An entry lives only while its build runs, so no
 * answer is older than the request that asked for it.
 */
const building = new WeakMap<object, Map<string, Promise<StatusModel>>>();

export async function statusAnswer(
  deps: StatusDeps,
  date: IsoDate | undefined,
  caller: Caller,
): Promise<Message> {
  const model = shared(deps, date);
  // Heal buttons only for those who may heal (the click re-checks anyway); if unsure, show them.
  const canHeal =
    caller.source === 'cli' || !deps.heal || (await deps.heal.canHeal(caller.userId).catch(() => true));
  return statusView(await model, { canHeal });
}

function shared(deps: StatusDeps, date: IsoDate | undefined): Promise<StatusModel> {
  const byDate = building.get(deps.completions) ?? new Map<string, Promise<StatusModel>>();
  building.set(deps.completions, byDate);
  const key = date ?? 'current';
  const pending = byDate.get(key);
  if (pending) return pending;
  const model = statusModel(deps, date).finally(() => byDate.delete(key));
  byDate.set(key, model);
  return model;
}

async function statusModel(deps: StatusDeps, date: IsoDate | undefined): Promise<StatusModel> {
  // Open alerts per transition, as the digest counts them; status still answers if they cannot be read.
  const open = await deps.alertStore.listActive().then(
    (all) => all.filter((a) => a.state !== 'resolved'),
    (err) => {
      deps.log.warn({ err }, 'status: the open alerts could not be read');
      return [];
    },
  );
  return buildStatus(deps, deps.clock.now(), {
    runDate: date,
    // The current status counts every open alert of a transition; `status <date>` only those of that run.
    openAlertsFor: (t, day) =>
      open.filter((a) => a.result.transition === t && (!date || a.result.date === day)).length,
    mutedAlertsFor: (t) => open.filter((a) => a.result.transition === t && a.mutedBy).length,
  });
}
