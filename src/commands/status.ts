/**
 * `/pipeline status [date]` and `pipeline-bot status [date]`: every transition for its current date (or
 * the run of `date`), with open and muted alerts. Its own module, so the CLI's local `status` loads only
 * this, the snapshot and the status view (not every command's views).
 */
import type { Deps } from '../deps.js';
import { buildStatus } from '../pipeline/status.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Message } from '../views/blocks.js';
import { statusView } from '../views/status.js';
import type { Caller } from './execute.js';

/** What `status` reads: a subset of `Deps`, so the CLI can answer it without wiring the services. */
export type StatusDeps = Pick<Deps, 'config' | 'clock' | 'completions' | 'schedule' | 'alertStore'> &
  Partial<Pick<Deps, 'heal'>> & { log: WarnLog };

/** The one log call status makes (the CLI passes a logger that loads pino only if it is used). */
export interface WarnLog {
  warn(fields: { err: unknown }, message: string): void;
}

export async function statusAnswer(
  deps: StatusDeps,
  date: IsoDate | undefined,
  caller: Caller,
): Promise<Message> {
  // Open alerts per transition, as the digest counts them; status still answers if they cannot be read.
  const open = await deps.alertStore.listActive().then(
    (all) => all.filter((a) => a.state !== 'resolved'),
    (err) => {
      deps.log.warn({ err }, 'status: the open alerts could not be read');
      return [];
    },
  );
  const model = await buildStatus(deps, deps.clock.now(), {
    runDate: date,
    // The current status counts every open alert of a transition; `status <date>` only those of that run.
    openAlertsFor: (t, day) =>
      open.filter((a) => a.result.transition === t && (!date || a.result.date === day)).length,
    mutedAlertsFor: (t) => open.filter((a) => a.result.transition === t && a.mutedBy).length,
  });
  // Heal buttons only for those who may heal (the click re-checks anyway); if unsure, show them.
  const canHeal =
    caller.source === 'cli' || !deps.heal || (await deps.heal.canHeal(caller.userId).catch(() => true));
  return statusView(model, { canHeal });
}
