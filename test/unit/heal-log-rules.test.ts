/**
 * The heal log's rules that every store applies (heal/log-rules.ts) and the event's one column table
 * (heal/columns.ts): a record or a document reads back as the same event.
 */
import { describe, expect, it } from 'vitest';
import {
  eventFromRecord,
  eventToDocument,
  eventToRecord,
  HEAL_EVENT_FIELDS,
} from '../../src/heal/columns.js';
import {
  applyOutcome,
  applyVerdict,
  holdsLock,
  isLive,
  newLock,
  outboxEntry,
} from '../../src/heal/log-rules.js';
import { type HealEvent, HealStateConflict } from '../../src/heal/ports.js';

const AT = new Date('2026-02-10T20:00:00.000Z');
const requested: HealEvent = {
  heal_id: 'h1',
  transition: 'phase2_to_phase3',
  game_date: '2026-02-10',
  source: 'cli',
  requested_by: 'ana',
  status: 'requested',
  reason: null,
  job_name: 'phase3-run',
  location: 'us-west2',
  trigger_command: 'gcloud scheduler jobs run phase3-run --location=us-west2',
  processors_complete: 3,
  expected_processors: 4,
  requested_at: AT,
  finished_at: null,
  error: null,
  verified: null,
};

describe('heal log rules', () => {
  it('a new lock holds the run until the cooldown ends, and is live only before then', () => {
    const lock = newLock(requested, 30 * 60_000);
    expect(lock).toMatchObject({ heal_id: 'h1', transition: 'phase2_to_phase3', game_date: '2026-02-10' });
    expect(lock.expires_at.toISOString()).toBe('2026-02-10T20:30:00.000Z');
    expect(isLive(lock, new Date('2026-02-10T20:29:59.999Z'))).toBe(true);
    expect(isLive(lock, lock.expires_at)).toBe(false);
    expect(isLive(undefined, AT)).toBe(false);
    expect(holdsLock(lock, 'h1')).toBe(true);
    expect(holdsLock(lock, 'h2')).toBe(false);
  });

  it('an outcome sets status and finish time, keeps what it does not name, and respects onlyIfStatus', () => {
    const done = new Date('2026-02-10T20:00:05.000Z');
    const failed = applyOutcome(requested, { status: 'failed', finished_at: done, error: 'boom' });
    expect(failed).toMatchObject({ status: 'failed', finished_at: done, error: 'boom', reason: null });
    expect(() =>
      applyOutcome(failed, { status: 'failed', finished_at: done, onlyIfStatus: 'requested' }),
    ).toThrow(HealStateConflict);
    expect(applyVerdict(failed, 'started').verified).toBe('started');
  });

  it('each write enqueues one outbox row keyed by status (or "verified"), dated when it happened', () => {
    expect(outboxEntry(requested)).toMatchObject({ key: 'h1:requested', created_at: AT });
    const closed = { ...requested, status: 'refused' as const, finished_at: new Date(AT.getTime() + 1000) };
    expect(outboxEntry(closed).created_at).toEqual(closed.finished_at);
    const later = new Date(AT.getTime() + 60_000);
    expect(outboxEntry(requested, later, 'verified')).toMatchObject({
      key: 'h1:verified',
      created_at: later,
    });
  });
});

describe('heal event columns', () => {
  it('a record (ISO instants) and a document (Dates) both read back as the same event, every field in order', () => {
    expect(Object.keys(eventToRecord(requested))).toEqual([...HEAL_EVENT_FIELDS]);
    expect(eventToRecord(requested).requested_at).toBe('2026-02-10T20:00:00.000Z');
    expect(eventFromRecord(eventToRecord(requested))).toEqual(requested);
    expect(eventFromRecord(JSON.parse(JSON.stringify(eventToRecord(requested))))).toEqual(requested);
    expect(eventFromRecord(eventToDocument(requested))).toEqual(requested);
  });

  it('a missing optional field reads as null, not undefined', () => {
    const { verified: _verified, error: _error, ...older } = eventToRecord(requested);
    expect(eventFromRecord(older)).toMatchObject({ verified: null, error: null });
  });
});
