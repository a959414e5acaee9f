/**
 * The alert lifecycle (SPEC §4) as pure functions: given the stored record, a new result / a user action
 * and the time, return the next record with what must be told in chat appended to its outbox, as data
 * (`note` items; views render them at delivery).
 * firing → acknowledged → resolved, plus snoozed until a time; a re-fire reuses the same root message.
 */
import { randomUUID } from 'node:crypto';
import type { CheckResult } from '../checks/types.js';
import { fingerprint } from '../checks/types.js';
import type { Severity } from '../oncall/severity.js';
import type { AlertNote, AlertRecord, FailingStatus, OutboxItem, StoredResult } from './types.js';

export type NewId = () => string;
export const newId: NewId = () => randomUUID().slice(0, 8);

const open = (a: AlertRecord | undefined): a is AlertRecord => !!a && a.state !== 'resolved';

export function storedResult(r: CheckResult): StoredResult {
  return {
    check: r.check,
    subject: r.subject,
    status: r.status,
    summary: r.summary,
    facts: r.facts,
    details: r.details,
    ...(r.suggested_action ? { suggested_action: r.suggested_action } : {}),
    ...(r.transition ? { transition: r.transition } : {}),
    ...(r.date ? { date: r.date } : {}),
  };
}

/** What makes a root message worth editing: status and facts, not the ever-growing "for N min". */
function material(r: StoredResult): string {
  return JSON.stringify([r.status, r.facts, r.suggested_action ?? null]);
}

/** A thread note to deliver: what happened, as data. */
const note = (id: NewId, what: AlertNote): OutboxItem => ({ id: id(), kind: 'note', note: what });

function withItems(a: AlertRecord, items: OutboxItem[]): AlertRecord {
  // An `update` already queued covers a later one: the root is rendered from the record at delivery time.
  // Not the first item, though: it may be in flight, rendered from the record as it was before this change.
  const hasUpdate = a.outbox.slice(1).some((i) => i.kind === 'update' || i.kind === 'root');
  const add = items.filter((i) => !(i.kind === 'update' && hasUpdate));
  return { ...a, outbox: [...a.outbox, ...add] };
}

export interface ApplyOptions {
  newId?: NewId;
  /** Upstream alert to thread under (downstream grouping), decided by the caller. */
  parentFingerprint?: string;
  /** On-call severity from config (oncall/severity.ts), recorded when the alert opens or fires again. */
  severityLevel?: Severity;
}

/** Applies one check result. Returns undefined when nothing changes. */
export function applyResult(
  prev: AlertRecord | undefined,
  r: CheckResult,
  now: Date,
  opts: ApplyOptions = {},
): AlertRecord | undefined {
  const id = opts.newId ?? newId;
  // Resolved by hand: held resolved while the check still fails; its first pass ends the hold.
  if (prev?.state === 'resolved' && prev.manualResolve?.holding) {
    if (r.status !== 'ok') return undefined;
    return { ...prev, lastSeenAt: now, manualResolve: { ...prev.manualResolve, holding: false } };
  }
  if (r.status === 'ok') return open(prev) ? resolved(prev, r, now, id) : undefined;
  const severity = r.status;
  if (!prev) return opened(r, severity, now, id, opts);
  if (prev.state === 'resolved') return reopened(prev, r, severity, now, id, opts);
  const result = storedResult(r);
  const changed = material(prev.result) !== material(result);
  const next: AlertRecord = { ...prev, severity, summary: r.summary, result, lastSeenAt: now };
  return changed ? withItems(next, [{ id: id(), kind: 'update' }]) : next;
}

/** A passing result resolves an open alert: its root is updated and the thread told how long it fired. */
function resolved(prev: AlertRecord, r: CheckResult, now: Date, id: NewId): AlertRecord {
  return withItems(
    { ...prev, state: 'resolved', resolvedAt: now, lastSeenAt: now, snoozedUntil: undefined },
    [
      { id: id(), kind: 'update' },
      note(id, {
        type: 'resolved',
        firingMs: now.getTime() - prev.firingSince.getTime(),
        summary: r.summary,
      }),
    ],
  );
}

/** A first failing result opens an alert, with its root post queued. */
function opened(
  r: CheckResult,
  severity: FailingStatus,
  now: Date,
  id: NewId,
  opts: ApplyOptions,
): AlertRecord {
  return {
    fingerprint: fingerprint(r),
    check: r.check,
    subject: r.subject,
    state: 'firing',
    severity,
    summary: r.summary,
    result: storedResult(r),
    firstSeenAt: now,
    lastSeenAt: now,
    firingSince: now,
    occurrences: 1,
    ...(opts.severityLevel ? { severityLevel: opts.severityLevel } : {}),
    ...(opts.parentFingerprint ? { parentFingerprint: opts.parentFingerprint } : {}),
    outbox: [{ id: id(), kind: 'root' }],
  };
}

/** A resolved alert that fails again fires again on the same root message (flapping: no second root). */
function reopened(
  prev: AlertRecord,
  r: CheckResult,
  severity: FailingStatus,
  now: Date,
  id: NewId,
  opts: ApplyOptions,
): AlertRecord {
  const next: AlertRecord = {
    ...prev,
    state: 'firing',
    severity,
    summary: r.summary,
    result: storedResult(r),
    lastSeenAt: now,
    firingSince: now,
    resolvedAt: undefined,
    ackBy: undefined,
    ackAt: undefined,
    snoozedUntil: undefined,
    snoozedBy: undefined,
    lastNotifiedAt: undefined,
    escalations: undefined,
    manualResolve: undefined,
    occurrences: prev.occurrences + 1,
    ...(opts.severityLevel ? { severityLevel: opts.severityLevel } : {}),
  };
  return withItems(
    next,
    prev.ts
      ? [
          { id: id(), kind: 'update' },
          note(id, { type: 'firing_again', occurrence: next.occurrences, summary: r.summary }),
        ]
      : [],
  );
}

/**
 * Why 1 hour: an alert still firing unchanged needs no write per tick (the tick's cost must not grow with
 * open alerts); its `lastSeenAt`, which history's "activity since" reads, is refreshed at most hourly.
 */
export const LAST_SEEN_REFRESH_MS = 60 * 60_000;

/** True when `applyResult` would only move `lastSeenAt`, and that is younger than the refresh interval. */
export function seenUnchanged(prev: AlertRecord | undefined, r: CheckResult, now: Date): boolean {
  return (
    open(prev) &&
    r.status !== 'ok' &&
    prev.severity === r.status &&
    prev.summary === r.summary &&
    material(prev.result) === material(storedResult(r)) &&
    now.getTime() - prev.lastSeenAt.getTime() < LAST_SEEN_REFRESH_MS
  );
}

/** An open alert whose subject its (successful) check no longer evaluates, e.g. a date that left the window. */
export function applyNotEvaluated(prev: AlertRecord | undefined, now: Date, opts: ApplyOptions = {}) {
  if (!open(prev)) return undefined;
  const id = opts.newId ?? newId;
  return withItems({ ...prev, state: 'resolved' as const, resolvedAt: now, snoozedUntil: undefined }, [
    { id: id(), kind: 'update' },
    note(id, { type: 'not_evaluated', check: prev.check, subject: prev.subject }),
  ]);
}

/** Reminders for unacknowledged firing alerts, and the end of snoozes. */
export function applyTime(
  prev: AlertRecord | undefined,
  now: Date,
  repeatMs: number,
  opts: ApplyOptions = {},
) {
  // Muted: reminders and the end of a snooze wait until the silence ends.
  if (!open(prev) || prev.mutedBy) return undefined;
  const id = opts.newId ?? newId;
  if (prev.state === 'snoozed' && prev.snoozedUntil && prev.snoozedUntil.getTime() <= now.getTime()) {
    return withItems(
      {
        ...prev,
        state: prev.ackBy ? 'acknowledged' : 'firing',
        snoozedUntil: undefined,
        lastNotifiedAt: now,
      },
      [{ id: id(), kind: 'update' }, note(id, { type: 'snooze_over', summary: prev.summary })],
    );
  }
  if (prev.state !== 'firing' || !prev.ts) return undefined;
  const since = (prev.lastNotifiedAt ?? prev.firingSince).getTime();
  if (now.getTime() - since < repeatMs) return undefined;
  return withItems({ ...prev, lastNotifiedAt: now }, [
    note(id, {
      type: 'reminder',
      firingMs: now.getTime() - prev.firingSince.getTime(),
      summary: prev.summary,
    }),
  ]);
}

/**
 * What a person's action did, or why it was refused: data, rendered for that person by views
 * (views/alert-notes.ts `actionResultText`).
 */
export type ActionResult =
  | { type: 'acknowledged' }
  | { type: 'snoozed'; until: Date }
  | { type: 'resolved_manually' }
  | { type: 'note_added' }
  | { type: 'gone' }
  | { type: 'already_resolved' }
  | { type: 'already_acknowledged'; by?: string }
  | { type: 'note_empty' }
  | { type: 'note_too_long'; chars: number; max: number };

export type ActionOutcome =
  | { ok: true; record: AlertRecord; result: ActionResult }
  | { ok: false; result: ActionResult };

/** Refusals shared by every action on an alert. */
/** Why shared: every action on an alert that no longer exists answers the same. */
export const GONE: ActionOutcome = { ok: false, result: { type: 'gone' } };
/** Why shared: every action on a resolved alert answers the same. */
export const ALREADY_RESOLVED: ActionOutcome = { ok: false, result: { type: 'already_resolved' } };

export function acknowledge(
  prev: AlertRecord | undefined,
  user: string,
  now: Date,
  opts: ApplyOptions = {},
): ActionOutcome {
  if (!prev) return GONE;
  if (prev.state === 'resolved') return ALREADY_RESOLVED;
  if (prev.state === 'acknowledged') {
    return { ok: false, result: { type: 'already_acknowledged', ...(prev.ackBy ? { by: prev.ackBy } : {}) } };
  }
  const id = opts.newId ?? newId;
  const record = withItems(
    { ...prev, state: 'acknowledged', ackBy: user, ackAt: now, snoozedUntil: undefined },
    [{ id: id(), kind: 'update' }, note(id, { type: 'acknowledged', by: user })],
  );
  return { ok: true, record, result: { type: 'acknowledged' } };
}

export function snooze(
  prev: AlertRecord | undefined,
  user: string,
  hours: number,
  now: Date,
  opts: ApplyOptions = {},
): ActionOutcome {
  if (!prev) return GONE;
  if (prev.state === 'resolved') return ALREADY_RESOLVED;
  const id = opts.newId ?? newId;
  const until = new Date(now.getTime() + hours * 3_600_000);
  const record = withItems({ ...prev, state: 'snoozed', snoozedUntil: until, snoozedBy: user }, [
    { id: id(), kind: 'update' },
    note(id, { type: 'snoozed', by: user, hours, until: until.toISOString() }),
  ]);
  return { ok: true, record, result: { type: 'snoozed', until } };
}
