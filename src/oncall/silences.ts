/**
 * Silences (Alertmanager's model): data, not config — `pipeline_bot_silences/{id}` with matchers,
 * created_by, reason, starts_at, ends_at. While one matches an alert, the alert is still evaluated,
 * recorded and shown, but its posts and reminders are held; when it ends, one summary. Pure + the port.
 */
import type { AlertFacts, Matchers } from './matchers.js';
import { matches } from './matchers.js';

export interface Silence {
  id: string;
  matchers: Matchers;
  /** A Slack user id, a CLI user name, or `maintenance_windows[i]`. */
  created_by: string;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  /** Who ended it early (`unmute`). */
  ended_by?: string;
  /** When the end-of-silence summary was claimed (by exactly one instance). */
  summarized_at?: Date;
}

export interface SilenceStore {
  /** Stores a new silence; false when the id exists already (maintenance windows create idempotently). */
  create(silence: Silence): Promise<boolean>;
  get(id: string): Promise<Silence | undefined>;
  /** Silences whose summary has not been claimed yet: the live ones and those just ended. */
  listUnsummarized(): Promise<Silence[]>;
  /** Ends a live silence at `at` (ends_at moves back to `at`); an ended one is returned as it is. */
  end(id: string, by: string, at: Date): Promise<Silence | undefined>;
  /** Atomically marks the summary as claimed; true for exactly one caller. */
  claimSummary(id: string, at: Date): Promise<boolean>;
}

export const isLive = (s: Silence, now: Date): boolean =>
  s.starts_at.getTime() <= now.getTime() && now.getTime() < s.ends_at.getTime();

/** The silence that holds an alert now: the live matching one that ends last (so the mute lasts as long as any). */
export function silenceFor(silences: readonly Silence[], facts: AlertFacts, now: Date): Silence | undefined {
  let best: Silence | undefined;
  for (const s of silences) {
    if (!isLive(s, now) || !matches(s.matchers, facts)) continue;
    if (!best || s.ends_at.getTime() > best.ends_at.getTime()) best = s;
  }
  return best;
}

/** Newest first, then by id: both adapters list in the same order. */
export function byStartDesc(a: Silence, b: Silence): number {
  return b.starts_at.getTime() - a.starts_at.getTime() || a.id.localeCompare(b.id);
}
