/**
 * Builders for the records tests use again and again: a heal event, a check result, an alert record.
 * Each returns a valid, typical record; a test names only the fields its case is about.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRecord } from '../../src/alerts/types.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { HealEvent } from '../../src/heal/ports.js';

/** Why this instant: the Feb 9 incident's evening, 15:00 in New York (the fixtures' zone). */
export const BUILT_AT = new Date('2026-02-10T20:00:00.000Z');

/** A `requested` heal of Phase 2→3 for 2026-02-09 from the button, all 5 processors in. */
export function healEvent(over: Partial<HealEvent> = {}): HealEvent {
  return {
    heal_id: randomUUID(),
    transition: 'phase2_to_phase3',
    game_date: '2026-02-09',
    source: 'button',
    requested_by: 'U0ONCALL1',
    status: 'requested',
    reason: null,
    job_name: 'same-day-phase3',
    location: 'us-west2',
    trigger_command: 'gcloud scheduler jobs run same-day-phase3 --location=us-west2',
    processors_complete: 5,
    expected_processors: 5,
    requested_at: BUILT_AT,
    finished_at: null,
    error: null,
    verified: null,
    action: 'scheduler_job',
    action_ref: null,
    ...over,
  };
}

/** A failing `stuck` result of Phase 2→3 for 2026-02-09 (subject and summary follow check/transition/date). */
export function checkResult(over: Partial<CheckResult> = {}): CheckResult {
  const check = over.check ?? 'stuck';
  const transition = over.transition ?? 'phase2_to_phase3';
  const date = over.date ?? '2026-02-09';
  return {
    check,
    subject: `${transition}:${date}`,
    status: 'fail',
    summary: `${check} ${transition} ${date}`,
    details: {},
    facts: [],
    transition,
    date,
    ...over,
  };
}

/** A firing alert for `result` (default: `checkResult()`), first seen at BUILT_AT, nothing to deliver. */
export function alertRecord(
  over: Partial<AlertRecord> = {},
  result: CheckResult = checkResult(),
): AlertRecord {
  return {
    fingerprint: `${result.check}:${result.subject}`,
    check: result.check,
    subject: result.subject,
    state: 'firing',
    severity: result.status === 'warn' ? 'warn' : result.status === 'error' ? 'error' : 'fail',
    summary: result.summary,
    result,
    firstSeenAt: BUILT_AT,
    lastSeenAt: BUILT_AT,
    firingSince: BUILT_AT,
    occurrences: 1,
    outbox: [],
    ...over,
  };
}
