/** The rules every alert store maintains (alerts/store-rules.ts): active, last touched, and list orders. */
import { describe, expect, it } from 'vitest';
import { byFirstSeen, byTouchedDesc, isActive, touchedAt } from '../../src/alerts/store-rules.js';
import { alertRecord, BUILT_AT, checkResult } from '../support/builders.js';

const later = (minutes: number) => new Date(BUILT_AT.getTime() + minutes * 60_000);

describe('alert store rules', () => {
  it('a resolved alert stays active while it still has something to deliver', () => {
    expect(isActive(alertRecord())).toBe(true);
    expect(isActive(alertRecord({ state: 'resolved', resolvedAt: later(5) }))).toBe(false);
    const pending = alertRecord({ state: 'resolved', outbox: [{ id: 'o1', kind: 'update' }] });
    expect(isActive(pending)).toBe(true);
  });

  it('touched at is the latest of first seen, firing since, last seen and resolved', () => {
    expect(touchedAt(alertRecord({ lastSeenAt: later(10) }))).toEqual(later(10));
    expect(touchedAt(alertRecord({ lastSeenAt: later(10), resolvedAt: later(30) }))).toEqual(later(30));
  });

  it('lists newest activity first and oldest first-seen first, ties by fingerprint', () => {
    const a = alertRecord({}, checkResult({ date: '2026-02-08' }));
    const b = alertRecord({ lastSeenAt: later(1) }, checkResult({ date: '2026-02-09' }));
    const c = alertRecord({}, checkResult({ date: '2026-02-07' }));
    expect([a, b, c].sort(byTouchedDesc).map((r) => r.fingerprint)).toEqual([
      'stuck:phase2_to_phase3:2026-02-09',
      'stuck:phase2_to_phase3:2026-02-07',
      'stuck:phase2_to_phase3:2026-02-08',
    ]);
    const older = alertRecord({ firstSeenAt: later(-60) }, checkResult({ date: '2026-02-09' }));
    expect([a, older, c].sort(byFirstSeen).map((r) => r.fingerprint)).toEqual([
      'stuck:phase2_to_phase3:2026-02-09',
      'stuck:phase2_to_phase3:2026-02-07',
      'stuck:phase2_to_phase3:2026-02-08',
    ]);
  });
});
