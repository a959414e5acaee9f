/**
 * The on-call part of a checks tick, between applying results and delivering: maintenance windows
 * become silences, alerts are muted or released, escalation steps fall due, ended silences are claimed
 * for their summary, and a storm of new roots is grouped. Decisions are the pure functions of
 * `oncall/` and `oncall.ts`; this file only reads and writes through the stores.
 */
import type { Config } from '../config.js';
import { windowSilences } from '../oncall/maintenance.js';
import type { AlertFacts } from '../oncall/matchers.js';
import { chooseRoute } from '../oncall/routes.js';
import { severityOf } from '../oncall/severity.js';
import { isLive, type Silence, type SilenceStore, silenceFor } from '../oncall/silences.js';
import { applyEscalation, applyMute } from './oncall.js';
import type { AlertRecord, AlertStore } from './types.js';

export function alertFacts(a: AlertRecord, config: Config): AlertFacts {
  return {
    check: a.check,
    subject: a.subject,
    transition: a.result.transition,
    severity: a.severityLevel ?? severityOf(config.checks, a.check, a.result.transition),
  };
}

/** The silences that matter this tick: live or just ended (summary not claimed), open windows created first. */
export async function loadSilences(store: SilenceStore, config: Config, now: Date): Promise<Silence[]> {
  const listed = await store.listUnsummarized();
  const known = new Set(listed.map((s) => s.id));
  const fresh = windowSilences(config.maintenance_windows, now, config.timezone).filter(
    (s) => !known.has(s.id),
  );
  // Every instance computes the same ids; `create` is a no-op for all but the first.
  for (const s of fresh) await store.create(s);
  return [...listed, ...fresh];
}

/** Mutes alerts a live silence matches and releases the others; one transaction per change only. */
export async function applySilences(
  store: AlertStore,
  active: readonly AlertRecord[],
  silences: readonly Silence[],
  config: Config,
  now: Date,
): Promise<void> {
  const live = silences.filter((s) => isLive(s, now));
  const decide = (a: AlertRecord) => silenceFor(live, alertFacts(a, config), now)?.id;
  const changed = active.filter((a) => applyMute(a, decide(a)) !== undefined);
  await Promise.all(
    changed.map((a) => store.update(a.fingerprint, (cur) => cur && applyMute(cur, decide(cur)))),
  );
}

export async function applyEscalations(
  store: AlertStore,
  active: readonly AlertRecord[],
  config: Config,
  now: Date,
): Promise<void> {
  const steps = (a: AlertRecord) => config.escalation[alertFacts(a, config).severity] ?? [];
  const tz = config.timezone;
  const due = active.filter((a) => applyEscalation(a, steps(a), now, tz) !== undefined);
  await Promise.all(
    due.map((a) => store.update(a.fingerprint, (cur) => cur && applyEscalation(cur, steps(cur), now, tz))),
  );
}

/** Ended silences whose summary this instance claimed, each with the alerts it held. */
export async function claimEnded(
  silences: SilenceStore,
  alerts: AlertStore,
  listed: readonly Silence[],
  now: Date,
): Promise<{ silence: Silence; held: AlertRecord[] }[]> {
  const out: { silence: Silence; held: AlertRecord[] }[] = [];
  for (const s of listed) {
    if (s.ends_at.getTime() > now.getTime() || !(await silences.claimSummary(s.id, now))) continue;
    const held = (await alerts.listSince(s.starts_at)).filter((a) => a.lastMutedBy === s.id);
    out.push({ silence: s, held });
  }
  return out;
}

/** New roots not yet posted, by the channel their route sends them to, when more than `threshold` share one. */
export function stormGroups(
  active: readonly AlertRecord[],
  config: Config,
  defaultChannel: string,
): Map<string, AlertRecord[]> {
  const groups = new Map<string, AlertRecord[]>();
  for (const a of active) {
    const unposted = !a.ts && !a.parentFingerprint && !a.threadTs && !a.mutedBy && a.state !== 'resolved';
    if (!unposted || !a.outbox.some((i) => i.kind === 'root')) continue;
    const channel = chooseRoute(config.routes, defaultChannel, alertFacts(a, config)).channels[0]!;
    groups.set(channel, [...(groups.get(channel) ?? []), a]);
  }
  for (const [channel, members] of groups)
    if (members.length <= config.alerts.storm_threshold) groups.delete(channel);
  return groups;
}
