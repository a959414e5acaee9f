/**
 * Heals show on the alert they fix: the root message is edited to list the heal and its outcome, and the
 * thread gets the details (and, later, whether the next phase started).
 */

import type { HealEvent } from '../heal/ports.js';
import type { HealOutcome, VerifyOutcome } from '../heal/service.js';
import type { AlertService } from './service.js';

/** Alerts a heal of transition+date answers. */
function fingerprintsFor(transition: string, date: string): string[] {
  return [`stuck:${transition}:${date}`, `overdue:${transition}:${date}`];
}

/** `text`: the outcome as the views render it (`healOutcomeText`). */
export async function linkHealToAlerts(
  alerts: AlertService | undefined,
  outcome: HealOutcome,
  text: string,
): Promise<void> {
  const event = outcome.event;
  if (!alerts || !event || !outcome.transition || !outcome.date) return;
  // Not `duplicate`: the clicker is told privately, and a burst of clicks (SPEC §9: 100 at once) must not
  // post a thread note and edit the root once per click.
  if (event.status !== 'triggered' && event.status !== 'failed') return;
  const entry = {
    heal_id: event.heal_id,
    by: event.requested_by,
    at: event.requested_at,
    status: event.status,
    verified: null,
  };
  for (const fp of fingerprintsFor(outcome.transition, outcome.date)) {
    await alerts.note(fp, { type: 'heal', heal_id: event.heal_id, message: text }, (a) => ({
      ...a,
      heals: [...(a.heals ?? []), entry],
    }));
  }
}

/** `text`: the verdict as the views render it (`verifyText`). */
export async function linkVerificationToAlerts(
  alerts: AlertService | undefined,
  v: VerifyOutcome,
  text: string,
): Promise<void> {
  const event: HealEvent | undefined = v.event;
  if (!alerts || !event || (v.kind !== 'started' && v.kind !== 'not_started')) return;
  for (const fp of fingerprintsFor(event.transition, event.game_date)) {
    const note = {
      type: 'heal_verified',
      heal_id: event.heal_id,
      started: v.kind === 'started',
      message: text,
    } as const;
    await alerts.note(fp, note, (a) => ({
      ...a,
      heals: (a.heals ?? []).map((h) => (h.heal_id === event.heal_id ? { ...h, verified: v.kind } : h)),
    }));
  }
}
