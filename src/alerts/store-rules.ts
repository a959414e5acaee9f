/**
 * What every alert store maintains and how it lists (SPEC §4, §8): whether a record is still active,
 * when it was last touched, and the two orders the stores return. Adapters store these, never redefine them.
 */
import type { AlertRecord } from './types.js';

/** Active: not resolved, or resolved with deliveries still pending. */
export function isActive(r: AlertRecord): boolean {
  return r.state !== 'resolved' || r.outbox.length > 0;
}

/** The latest of firstSeenAt, firingSince, lastSeenAt, resolvedAt. */
export function touchedAt(r: AlertRecord): Date {
  const times = [r.firstSeenAt, r.firingSince, r.lastSeenAt, r.resolvedAt].map((d) => d?.getTime() ?? 0);
  return new Date(Math.max(...times));
}

/** Newest activity first, then by fingerprint, so every store lists in the same order. */
export function byTouchedDesc(a: AlertRecord, b: AlertRecord): number {
  return touchedAt(b).getTime() - touchedAt(a).getTime() || a.fingerprint.localeCompare(b.fingerprint);
}

/** Oldest first, then by fingerprint. */
export function byFirstSeen(a: AlertRecord, b: AlertRecord): number {
  return a.firstSeenAt.getTime() - b.firstSeenAt.getTime() || a.fingerprint.localeCompare(b.fingerprint);
}
