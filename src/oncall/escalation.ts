/**
 * Escalation policies (config `escalation.<severity>[] {after, mention_usergroup | dm_users, hours}`):
 * a firing, unacknowledged, unmuted alert climbs one step each time `after` has passed since the
 * previous step (the first: since it started firing). A step with `hours` (local `HH:MM-HH:MM`, may
 * cross midnight) outside those hours is passed over and recorded as skipped. Pure.
 */
import { localTime } from '../pipeline/dates.js';

export interface EscalationStep {
  /** Milliseconds after the previous step (parsed from `15m` at config load). */
  afterMs: number;
  mention_usergroup?: string;
  dm_users?: string[];
  /** Local `HH:MM-HH:MM` when this step applies, e.g. `22:00-08:00` for nights only. */
  hours?: string;
}

/** True when `hours` is unset or the local time of `now` is inside it (end exclusive; may wrap midnight). */
export function inHours(hours: string | undefined, now: Date, tz: string): boolean {
  if (!hours) return true;
  const [from, to] = hours.split('-') as [string, string];
  const t = localTime(now, tz);
  return from <= to ? t >= from && t < to : t >= from || t < to;
}

export interface EscalationSubject {
  state: string;
  mutedBy?: string;
  ts?: string;
  firingSince: Date;
  escalations?: { at: Date }[];
}

/** The next step due now, and whether it is to be skipped (outside its hours); undefined when nothing is due. */
export function dueStep(
  a: EscalationSubject,
  steps: readonly EscalationStep[],
  now: Date,
  tz: string,
): { index: number; skip: boolean } | undefined {
  // Stops on acknowledge, snooze, mute and resolve; waits for the root message to exist.
  if (a.state !== 'firing' || a.mutedBy || !a.ts) return undefined;
  const done = a.escalations ?? [];
  const index = done.length;
  const step = steps[index];
  if (!step) return undefined;
  const since = index === 0 ? a.firingSince : done[index - 1]!.at;
  if (now.getTime() - since.getTime() < step.afterMs) return undefined;
  return { index, skip: !inHours(step.hours, now, tz) };
}
