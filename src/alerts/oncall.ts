/**
 * The on-call additions to the alert lifecycle, pure like lifecycle.ts: mute and release by a silence,
 * escalation steps, manual resolution and notes. Each returns the next record with what must be told
 * appended to its outbox as data (`note` items, rendered by views at delivery).
 */
import type { EscalationStep } from '../oncall/escalation.js';
import { dueStep } from '../oncall/escalation.js';
import { type ActionOutcome, ALREADY_RESOLVED, type ApplyOptions, GONE, newId } from './lifecycle.js';
import type { AlertRecord, OutboxItem } from './types.js';

/** Why 2,000: a note goes into a thread reply and the alert record; longer text belongs in a doc. */
export const MAX_NOTE_CHARS = 2000;

const open = (a: AlertRecord | undefined): a is AlertRecord => !!a && a.state !== 'resolved';

/**
 * Sets or clears the silence holding an alert. Muting edits the root (shown as muted). Releasing drops
 * the thread notes held meanwhile (the end-of-silence summary tells them) and, for an alert that never
 * got a root and is resolved, everything: it fired and resolved while muted.
 */
export function applyMute(
  prev: AlertRecord | undefined,
  silenceId: string | undefined,
  opts: ApplyOptions = {},
): AlertRecord | undefined {
  if (!prev || prev.mutedBy === silenceId) return undefined;
  const id = opts.newId ?? newId;
  if (silenceId) {
    if (prev.state === 'resolved' && !prev.mutedBy) return undefined;
    const update: OutboxItem[] = prev.ts ? [{ id: id(), kind: 'update' }] : [];
    return { ...prev, mutedBy: silenceId, lastMutedBy: silenceId, outbox: [...prev.outbox, ...update] };
  }
  if (!prev.ts) {
    // Never posted: an open alert gets its root now; one that also resolved is told only by the summary.
    const root = prev.outbox.filter((i) => i.kind === 'root');
    return { ...prev, mutedBy: undefined, outbox: prev.state === 'resolved' ? [] : root };
  }
  const update = prev.outbox.find((i) => i.kind === 'update') ?? { id: id(), kind: 'update' as const };
  return { ...prev, mutedBy: undefined, outbox: [update] };
}

/** The next escalation step when it is due: recorded on the alert, told in its thread (and by DM). */
export function applyEscalation(
  prev: AlertRecord | undefined,
  steps: readonly EscalationStep[],
  now: Date,
  tz: string,
  opts: ApplyOptions = {},
): AlertRecord | undefined {
  if (!prev) return undefined;
  const due = dueStep(prev, steps, now, tz);
  if (!due) return undefined;
  const step = steps[due.index]!;
  const action = due.skip ? 'skipped' : step.dm_users?.length ? 'dm' : 'mention';
  const escalations = [...(prev.escalations ?? []), { step: due.index, at: now, action } as const];
  if (due.skip) return { ...prev, escalations };
  const id = opts.newId ?? newId;
  return {
    ...prev,
    escalations,
    outbox: [
      ...prev.outbox,
      {
        id: id(),
        kind: 'note',
        note: {
          type: 'escalation',
          step: due.index,
          ...(step.mention_usergroup ? { mention_usergroup: step.mention_usergroup } : {}),
          ...(step.dm_users?.length ? { dm_users: step.dm_users } : {}),
        },
      },
    ],
  };
}

/** Resolve by hand: resolved now, and kept resolved while the check still fails, until it has recovered once. */
export function resolveManually(
  prev: AlertRecord | undefined,
  user: string,
  now: Date,
  opts: ApplyOptions = {},
): ActionOutcome {
  if (!open(prev)) return prev ? ALREADY_RESOLVED : GONE;
  const id = opts.newId ?? newId;
  const record: AlertRecord = {
    ...prev,
    state: 'resolved',
    resolvedAt: now,
    snoozedUntil: undefined,
    manualResolve: { by: user, at: now, holding: true },
    outbox: [
      ...prev.outbox,
      { id: id(), kind: 'update' },
      { id: id(), kind: 'note', note: { type: 'resolved_manually', by: user } },
    ],
  };
  return { ok: true, record, result: { type: 'resolved_manually' } };
}

export function addNote(
  prev: AlertRecord | undefined,
  user: string,
  text: string,
  now: Date,
  opts: ApplyOptions = {},
): ActionOutcome {
  if (!prev) return GONE;
  const body = text.trim();
  if (!body) return { ok: false, result: { type: 'note_empty' } };
  if (body.length > MAX_NOTE_CHARS)
    return { ok: false, result: { type: 'note_too_long', chars: body.length, max: MAX_NOTE_CHARS } };
  const id = opts.newId ?? newId;
  const record: AlertRecord = {
    ...prev,
    notes: [...(prev.notes ?? []), { by: user, at: now, text: body }],
    outbox: [...prev.outbox, { id: id(), kind: 'note', note: { type: 'note', by: user, text: body } }],
  };
  return { ok: true, record, result: { type: 'note_added' } };
}
