/**
 * Builders for the records tests use again and again: a heal event, a check result, an alert record, a
 * silence, a dead letter, a check run and its history rows. Each returns a valid, typical record; a test names only the fields its case is about.
 */
import { randomUUID } from 'node:crypto';
import type { AlertRecord } from '../../src/alerts/types.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { DlqTally } from '../../src/dlq/ports.js';
import type { DlqRecord } from '../../src/dlq/types.js';
import type { HealEvent } from '../../src/heal/ports.js';
import type { HealPlan } from '../../src/heal/types.js';
import type { Silence } from '../../src/oncall/silences.js';
import type { ValidationResultRow, ValidationRun } from '../../src/warehouse/ports.js';

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

/** The plan of a Cloud Scheduler heal of Phase 2→3 for 2026-02-09, all 5 processors in, nothing blocking. */
export function healPlan(over: Partial<HealPlan> = {}): HealPlan {
  return {
    transition: 'phase2_to_phase3',
    date: '2026-02-09',
    label: 'Trigger Phase 3',
    project: 'nba-props',
    action: {
      kind: 'scheduler_job',
      job: 'same-day-phase3',
      location: 'us-west2',
      resource: 'projects/nba-props/locations/us-west2/jobs/same-day-phase3',
    },
    trigger_command: 'gcloud scheduler jobs run same-day-phase3 --location=us-west2',
    collection: 'phase2_completion',
    processors_complete: 5,
    expected_processors: 5,
    missing: [],
    triggered: false,
    force: false,
    blockers: [],
    ...over,
  };
}

/** `event` as BigQuery's insertAll receives it (`json` of the heal row): every field, instants as ISO strings. */
export function healRowJson(event: HealEvent): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([field, value]) => [
      field,
      value instanceof Date ? value.toISOString() : value,
    ]),
  );
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

/** Why 2 hours: a typical backfill silence, long enough that no case here sees it end by accident. */
const SILENCE_MS = 2 * 3_600_000;

/** A silence of `stuck` alerts made by the on-call from Slack, from `starts_at` (BUILT_AT) for 2 hours. */
export function silence(over: Partial<Silence> = {}): Silence {
  const starts_at = over.starts_at ?? BUILT_AT;
  return {
    id: `s${randomUUID().slice(0, 8)}`,
    matchers: { check: 'stuck' },
    created_by: 'U0ONCALL1',
    reason: 'backfill',
    starts_at,
    ends_at: new Date(starts_at.getTime() + SILENCE_MS),
    ...over,
  };
}

/** A dead letter of the Phase 3 trigger for 2026-11-29, recorded 5 s after it was published, not handled. */
export function dlqRecord(over: Partial<DlqRecord> = {}): DlqRecord {
  return {
    message_id: randomUUID().slice(0, 12),
    subscription: 'nba-phase3-trigger-dlq-sub',
    source_topic: 'nba-phase3-trigger',
    publish_time: new Date('2026-11-30T10:00:00.000Z'),
    delivery_attempt: 5,
    attributes: {},
    data: '{"game_date":"2026-11-29","processor":"player_game_summary"}',
    game_date: '2026-11-29',
    processor: 'player_game_summary',
    error: null,
    recorded_at: new Date('2026-11-30T10:00:05.000Z'),
    handled: null,
    handled_by: null,
    handled_at: null,
    ...over,
  };
}

/** What a store tallies of `records` (one subscription): the waiting ones newest first, the handled count, the latest arrival. */
export function dlqTally(records: DlqRecord[]): DlqTally {
  const latest = Math.max(...records.map((r) => r.recorded_at.getTime()));
  return {
    waiting: records
      .filter((r) => r.handled === null)
      .sort((a, b) => b.publish_time.getTime() - a.publish_time.getTime()),
    handled: records.filter((r) => r.handled !== null).length,
    last_recorded_at: records.length ? new Date(latest) : null,
  };
}

/** A cron run of the checks at BUILT_AT: 2 ran, 1 failed. */
export function validationRun(over: Partial<ValidationRun> = {}): ValidationRun {
  const at = over.startedAt ?? BUILT_AT;
  return {
    runId: 'run-1',
    startedAt: at,
    finishedAt: at,
    trigger: 'cron',
    status: 'fail',
    checksRun: 2,
    checksFailed: 1,
    ...over,
  };
}

/** The check-history row of a failing `stuck` result of run `run-1`, observed at BUILT_AT. */
export function validationResult(over: Partial<ValidationResultRow> = {}): ValidationResultRow {
  return {
    runId: 'run-1',
    check: 'stuck',
    subject: 'phase2_to_phase3:2026-02-09',
    status: 'fail',
    summary: 'stuck',
    details: { a: 1 },
    observedAt: BUILT_AT,
    ...over,
  };
}
