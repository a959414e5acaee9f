/**
 * The model behind the daily digest and the App Home dashboard (issue 6): everything read through the
 * ports, once, at one instant. Slack-free; the views in `src/views/digest.ts` render it.
 *
 * Each part is read on its own: a backend that fails or times out becomes an error line in its section
 * (and counts as an issue), never a missing digest.
 */
import type { AlertRecord } from '../alerts/types.js';
import { readCompleteness } from '../checks/completeness.js';
import { failingChecksSince } from '../checks/history.js';
import { type StatusItem, statusItems } from '../checks/status.js';
import type { Deps } from '../deps.js';
import type { HealEvent } from '../heal/ports.js';
import { addDays, localDate } from '../pipeline/dates.js';
import { loadSnapshot, type Snapshot } from '../pipeline/snapshot.js';
import type { IsoDate, Transition } from '../pipeline/types.js';
import { type Part, part } from '../util/part.js';
import type { TargetCompleteness } from '../warehouse/completeness.js';
import type { FailingCheckStat } from '../warehouse/ports.js';
import { withTimeout } from '../warehouse/timeout.js';

export type { Part } from '../util/part.js';

/** Why phase5_completion: Phase 5 writes the predictions; its document says whether today's are ready. */
export const PREDICTIONS_COLLECTION = 'phase5_completion';

export interface Predictions {
  date: IsoDate;
  status: 'ready' | 'not_ready' | 'no_games';
  /** The configured Phase 5 transition, when there is one (then n/N and missing are known). */
  transition?: string;
  complete: number;
  expected: number;
  missing: string[];
  /** When the last expected processor reported (ready) or the trigger time. */
  readyAt?: Date;
  /** Why "not ready" when there is no configured transition to say more. */
  note?: string;
}

export interface OpenAlert {
  record: AlertRecord;
  /** A link to the alert's Slack message, when the chat can make one. */
  link?: string;
}

export interface DigestModel {
  now: Date;
  tz: string;
  today: IsoDate;
  /** The run reported as "yesterday's run" (today − 1): each transition at its date for that run. */
  runDate: IsoDate;
  yesterday: Part<StatusItem[]>;
  /** The run of today so far (the App Home's live state; heal buttons hang off it). */
  current: Part<StatusItem[]>;
  predictions: Part<Predictions>;
  alerts: Part<OpenAlert[]>;
  /** Heal events of the last `healDays` days, newest first; absent when the bot has no heal service. */
  heals?: Part<HealEvent[]>;
  healDays: number;
  /** Absent without a warehouse (BigQuery). */
  completeness?: Part<TargetCompleteness[]>;
  completenessDays: number;
  failingChecks?: Part<FailingCheckStat[]>;
  failingDays: number;
}

/** Why 7: the digest shows "heals this week" (SPEC §6). */
export const HEAL_DAYS = 7;
/** Why 30: a month of check history shows what breaks repeatedly, not just this week's incident. */
export const FAILING_DAYS = 30;
/** Why 5: the most frequent few fit a glance; the check history table (`validation_results`) holds all. */
export const FAILING_LIMIT = 5;
/** Why 3 s: a link is a nicety; a slow Slack leaves the alert without one rather than delay the digest. */
const PERMALINK_TIMEOUT_MS = 3000;
/** Why 10: links are fetched only for the alerts the view lists (at most 10 items per list). */
export const MAX_LINKED_ALERTS = 10;

export type DigestDeps = Pick<
  Deps,
  'config' | 'completions' | 'schedule' | 'warehouse' | 'alertStore' | 'chat' | 'heal' | 'log'
>;

export async function buildDigest(deps: DigestDeps, now: Date): Promise<DigestModel> {
  const { config } = deps;
  const tz = config.timezone;
  const today = localDate(now, tz);
  const runDate = addDays(today, -1);
  const completenessDays = config.checks.completeness.lookback_days;

  const [snap, alerts, heals, completeness, failingChecks] = await Promise.all([
    part('completion documents', () => loadSnapshot(deps, now)),
    part('alerts', () => openAlerts(deps)),
    deps.heal ? part('heal log', () => deps.heal!.recent(HEAL_DAYS)) : Promise.resolve(undefined),
    deps.warehouse
      ? part('completeness', () => readCompleteness(deps.warehouse!, config, now, completenessDays))
      : Promise.resolve(undefined),
    deps.warehouse
      ? part('check history', () =>
          failingChecksSince(deps.warehouse!, now, config.timezone, FAILING_DAYS, FAILING_LIMIT),
        )
      : Promise.resolve(undefined),
  ]);

  const openFor = (t: string) =>
    alerts.ok ? alerts.value.filter((a) => a.record.result.transition === t).length : 0;
  const items = (day: IsoDate): Part<StatusItem[]> =>
    snap.ok
      ? { ok: true, value: statusItems(snap.value, day, config.checks.drift_lookback_days, openFor) }
      : snap;

  return {
    now,
    tz,
    today,
    runDate,
    yesterday: items(runDate),
    current: items(today),
    predictions: snap.ok ? await part('predictions', () => predictions(deps, snap.value, today)) : snap,
    alerts: alerts.ok ? { ok: true, value: await withLinks(deps, alerts.value) } : alerts,
    heals,
    healDays: HEAL_DAYS,
    completeness,
    completenessDays,
    failingChecks,
    failingDays: FAILING_DAYS,
  };
}

export function predictionsTransition(transitions: Transition[]): Transition | undefined {
  return (
    transitions.find((t) => t.collection === PREDICTIONS_COLLECTION) ??
    transitions.find((t) => t.id.startsWith('phase5_to_'))
  );
}

async function predictions(deps: DigestDeps, snap: Snapshot, today: IsoDate): Promise<Predictions> {
  const t = predictionsTransition(deps.config.transitions);
  const view = t && snap.transitions.find((v) => v.transition.id === t.id);
  if (t && view) {
    const s = view.states.get(view.current)!;
    const base = {
      date: s.date,
      transition: t.id,
      complete: s.complete.length,
      expected: s.expected.length,
      missing: s.missing,
    };
    if (s.state === 'idle') return { ...base, status: 'no_games' };
    const ready = s.state === 'triggered' || (s.expected.length > 0 && s.missing.length === 0);
    return { ...base, status: ready ? 'ready' : 'not_ready', readyAt: s.allCompleteAt ?? s.triggeredAt };
  }
  // No Phase 5 transition configured: the document alone (triggered = Phase 6 started on it).
  const [[doc], games] = await Promise.all([
    deps.completions.getMany([{ collection: PREDICTIONS_COLLECTION, date: today }]),
    deps.schedule.gamesOn([today]),
  ]);
  const reported = doc ? Object.keys(doc.processors).length : 0;
  const base = { date: today, complete: reported, expected: 0, missing: [] };
  if (games.get(today) === 0) return { ...base, status: 'no_games' };
  if (doc?.triggered) return { ...base, status: 'ready', readyAt: doc.triggeredAt };
  return {
    ...base,
    status: 'not_ready',
    note: doc?.exists
      ? `${reported} processor${reported === 1 ? '' : 's'} reported, Phase 6 not started (configure a phase5 transition for n/N)`
      : `no \`${PREDICTIONS_COLLECTION}/${today}\` document yet`,
  };
}

/** Open alerts (firing, acknowledged, snoozed), firing first, then oldest first. */
async function openAlerts(deps: DigestDeps): Promise<OpenAlert[]> {
  const order = { firing: 0, snoozed: 1, acknowledged: 2, resolved: 3 } as const;
  return (await deps.alertStore.listActive())
    .filter((a) => a.state !== 'resolved')
    .sort((a, b) => order[a.state] - order[b.state] || a.firingSince.getTime() - b.firingSince.getTime())
    .map((record) => ({ record }));
}

async function withLinks(deps: DigestDeps, alerts: OpenAlert[]): Promise<OpenAlert[]> {
  const chat = deps.chat;
  if (!chat?.permalink) return alerts;
  const links = await Promise.all(
    alerts.slice(0, MAX_LINKED_ALERTS).map(async ({ record }) => {
      if (!record.channel || !record.ts) return undefined;
      try {
        return await withTimeout(
          chat.permalink!({ channel: record.channel, ts: record.ts }),
          PERMALINK_TIMEOUT_MS,
          'chat.getPermalink',
        );
      } catch (err) {
        deps.log.debug({ err, fingerprint: record.fingerprint }, 'digest: no permalink for alert');
        return undefined;
      }
    }),
  );
  return alerts.map((a, i) => (links[i] ? { ...a, link: links[i] } : a));
}
