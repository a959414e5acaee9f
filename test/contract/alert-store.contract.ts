/**
 * Behaviour every `AlertStore` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients/connections onto ONE store, like several bot processes; concurrency tests spread over them.
 * Each test uses its own fingerprints (and filters list results to them), so no reset is needed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord, AlertState, AlertStore, OutboxItem } from '../../src/alerts/types.js';
import { alertRecord, checkResult } from '../support/builders.js';

export interface AlertStoreHarness {
  /** At least 3 instances sharing one store. */
  instances: AlertStore[];
  close(): Promise<void>;
}

const T0 = new Date('2026-02-10T15:00:00.123Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

export function makeAlert(fingerprint: string, over: Partial<AlertRecord> = {}): AlertRecord {
  const subject = fingerprint.split(':').slice(1).join(':');
  const summary = 'phase2_to_phase3 stuck for 2026-02-09: 4/5 processors';
  // Nested details, facts and an action: every field an adapter has to store and give back.
  const result = checkResult({
    subject,
    summary,
    facts: [{ label: 'Date', value: '2026-02-09' }],
    details: { missing: ['p2_nbacom_boxscores'], complete: 4, nested: { ok: false, list: [1, 'a'] } },
    suggested_action: {
      kind: 'heal',
      transition: 'phase2_to_phase3',
      date: '2026-02-09',
      label: 'Trigger Phase 3',
    },
  });
  return alertRecord(
    { fingerprint, subject, summary, firstSeenAt: T0, lastSeenAt: T0, firingSince: T0, ...over },
    result,
  );
}

export function alertStoreContract(name: string, factory: () => Promise<AlertStoreHarness> | null): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): AlertStore contract: ${name}`);

  describe.skipIf(pending === null)(`AlertStore contract: ${name}`, () => {
    let h: AlertStoreHarness;
    let store: AlertStore;
    let other: AlertStore;
    /** A fingerprint prefix (`check:subject-prefix`) no other test uses. */
    const fresh = (label: string) => `stuck:${label}_${randomUUID().slice(0, 8)}`;
    const mine = (prefix: string, records: AlertRecord[]) =>
      records.filter((r) => r.fingerprint.startsWith(prefix)).map((r) => r.fingerprint);

    beforeAll(async () => {
      h = (await pending)!;
      expect(h.instances.length).toBeGreaterThanOrEqual(3);
      store = h.instances[0]!;
      other = h.instances[1]!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('answers undefined for an unknown fingerprint', async () => {
      expect(await store.get(fresh('unknown'))).toBeUndefined();
    });

    it('update creates the record; fn sees undefined first, then the stored record', async () => {
      const fp = fresh('create');
      const seen: (AlertRecord | undefined)[] = [];
      const created = await store.update(fp, (cur) => {
        seen.push(cur);
        return makeAlert(fp);
      });
      expect(seen.at(-1)).toBeUndefined();
      expect(created).toEqual(makeAlert(fp));
      expect(await other.get(fp)).toEqual(makeAlert(fp));

      const updated = await other.update(fp, (cur) => {
        seen.push(cur);
        return { ...cur!, state: 'acknowledged', ackBy: 'U0ONCALL1', ackAt: at(60_000) };
      });
      expect(seen.at(-1)).toEqual(makeAlert(fp));
      expect(seen.at(-1)!.firstSeenAt).toBeInstanceOf(Date);
      expect(updated).toMatchObject({ state: 'acknowledged', ackBy: 'U0ONCALL1' });
      expect(await store.get(fp)).toEqual(updated);
    });

    it('fn returning undefined writes nothing and update answers the stored record', async () => {
      const fp = fresh('noop');
      expect(await store.update(fp, () => undefined)).toBeUndefined();
      expect(await store.get(fp)).toBeUndefined();

      await store.update(fp, () => makeAlert(fp));
      expect(await other.update(fp, () => undefined)).toEqual(makeAlert(fp));
      expect(await store.get(fp)).toEqual(makeAlert(fp));
    });

    it('rejects a record whose fingerprint is not the one updated, writing nothing', async () => {
      const fp = fresh('mismatch');
      await expect(store.update(fp, () => makeAlert(fresh('other')))).rejects.toThrow(
        /fingerprint|record for/,
      );
      expect(await store.get(fp)).toBeUndefined();
    });

    it('a throwing fn rejects its own call only; concurrent updates of the same alert still commit', async () => {
      const fp = fresh('throws');
      await store.update(fp, () => makeAlert(fp));
      const append = (id: string) => (cur: AlertRecord | undefined) => ({
        ...cur!,
        outbox: [...cur!.outbox, { id, kind: 'update' as const }],
      });
      const results = await Promise.allSettled([
        store.update(fp, append('a')),
        store.update(fp, () => {
          throw new Error('boom');
        }),
        store.update(fp, append('b')),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((results[1] as PromiseRejectedResult).reason.message).toBe('boom');
      expect((await other.get(fp))!.outbox.map((o) => o.id).sort()).toEqual(['a', 'b']);
    });

    it('round-trips every field, Dates exactly to the millisecond (nested ones too)', async () => {
      const fp = fresh('dates');
      const full = makeAlert(fp, {
        state: 'snoozed',
        severity: 'warn',
        firstSeenAt: new Date(Date.UTC(2026, 1, 10, 3, 4, 5, 678)),
        lastSeenAt: new Date(Date.UTC(2026, 1, 10, 4, 4, 5, 1)),
        firingSince: new Date(Date.UTC(2026, 1, 10, 3, 30, 0, 999)),
        resolvedAt: new Date(Date.UTC(2026, 1, 9, 23, 59, 59, 999)),
        occurrences: 3,
        ackBy: 'U0ONCALL1',
        ackAt: new Date(Date.UTC(2026, 1, 10, 3, 5, 0, 7)),
        snoozedUntil: new Date(Date.UTC(2026, 1, 10, 7, 5, 0, 70)),
        snoozedBy: 'U0ONCALL2',
        channel: 'C0ALERTS',
        ts: '1707570000.000100',
        parentFingerprint: 'stuck:phase2_to_phase3:2026-02-09',
        threadTs: '1707569000.000200',
        lastNotifiedAt: new Date(Date.UTC(2026, 1, 10, 3, 6, 0, 123)),
        deliveryLock: { holder: 'instance-a', until: new Date(Date.UTC(2026, 1, 10, 3, 6, 30, 456)) },
        outbox: [
          { id: 'o1', kind: 'update' },
          // An item stored before notes were typed, and typed notes: each comes back exactly as it went in.
          { id: 'o2', kind: 'thread', text: 'Snoozed by <@U0ONCALL2> for 4h' },
          {
            id: 'o3',
            kind: 'note',
            note: { type: 'snoozed', by: 'U0ONCALL2', hours: 4, until: '2026-02-10T07:05:00.070Z' },
          },
          {
            id: 'o4',
            kind: 'note',
            note: { type: 'reminder', firingMs: 5_400_000, summary: 'still <stuck>' },
          },
        ],
        heals: [
          {
            heal_id: 'h1',
            by: 'U0ONCALL1',
            at: new Date(Date.UTC(2026, 1, 10, 3, 10, 0, 321)),
            status: 'succeeded',
            verified: null,
          },
          {
            heal_id: 'h2',
            by: 'auto',
            at: new Date(Date.UTC(2026, 1, 10, 3, 40, 0, 1)),
            status: 'requested',
          },
        ],
      });
      await store.update(fp, () => full);
      const back = (await other.get(fp))!;
      expect(back).toEqual(full);
      for (const d of [
        back.firstSeenAt,
        back.lastSeenAt,
        back.firingSince,
        back.resolvedAt,
        back.ackAt,
        back.snoozedUntil,
        back.lastNotifiedAt,
        back.deliveryLock!.until,
        back.heals![0]!.at,
        back.heals![1]!.at,
      ]) {
        expect(d).toBeInstanceOf(Date);
      }
      expect(back.deliveryLock!.until.getTime()).toBe(full.deliveryLock!.until.getTime());
      expect(back.heals![0]!.at.getTime()).toBe(full.heals![0]!.at.getTime());
      expect(back.ackAt!.toISOString()).toBe('2026-02-10T03:05:00.007Z');
    });

    it('round-trips the on-call fields (escalations, notes, manual resolution, copies), their Dates too', async () => {
      const fp = fresh('oncall');
      const at = (m: number) => new Date(Date.UTC(2026, 1, 10, 3, m, 0, 123));
      const rec = makeAlert(fp, {
        severityLevel: 'critical',
        mutedBy: 'mw0-29500000',
        lastMutedBy: 'mw0-29500000',
        escalations: [
          { step: 0, at: at(10), action: 'mention' },
          { step: 1, at: at(30), action: 'skipped' },
        ],
        notes: [{ by: 'U0ONCALL1', at: at(12), text: 'restarted <!here>' }],
        manualResolve: { by: 'U0ONCALL1', at: at(40), holding: true },
        mirrors: [{ channel: 'C0OTHER', ts: '1707570000.000300' }],
        outbox: [{ id: 'n1', kind: 'note', note: { type: 'escalation', step: 1, dm_users: ['U0LEAD'] } }],
      });
      await store.update(fp, () => rec);
      const back = (await other.get(fp))!;
      expect(back).toEqual(rec);
      expect(back.escalations![1]!.at).toBeInstanceOf(Date);
      expect(back.notes![0]!.at).toBeInstanceOf(Date);
      expect(back.manualResolve!.at).toBeInstanceOf(Date);
    });

    it('a hand-resolved alert held resolved is still listed active; once released it is not', async () => {
      const fp = fresh('manual');
      const held = makeAlert(fp, {
        state: 'resolved',
        outbox: [],
        manualResolve: { by: 'U1', at: new Date(Date.UTC(2026, 1, 10)), holding: true },
      });
      await store.update(fp, () => held);
      expect((await other.listActive()).some((a) => a.fingerprint === fp)).toBe(true);
      await store.update(
        fp,
        (cur) => cur && { ...cur, manualResolve: { ...cur.manualResolve!, holding: false } },
      );
      expect((await other.listActive()).some((a) => a.fingerprint === fp)).toBe(false);
    });

    it('drops undefined fields instead of failing', async () => {
      const fp = fresh('undef');
      const rec = makeAlert(fp, { ts: undefined, resolvedAt: undefined, deliveryLock: undefined });
      await store.update(fp, () => rec);
      const back = (await other.get(fp))!;
      expect(Object.keys(back)).not.toContain('ts');
      expect(Object.keys(back)).not.toContain('resolvedAt');
      expect(back).toEqual(makeAlert(fp));
    });

    it('keeps fingerprints with "/", ".", "%" and look-alike encodings apart', async () => {
      const base = fresh('enc');
      const fps = [
        `${base}:a/b`,
        `${base}:a%2Fb`,
        `${base}:..`,
        `${base}:.`,
        `${base}:a%252Fb`,
        `${base}:__x__`,
        `__${base}__`,
      ];
      await Promise.all(fps.map((fp) => store.update(fp, () => makeAlert(fp, { summary: fp }))));
      for (const fp of fps) {
        const back = await other.get(fp);
        expect(back?.fingerprint).toBe(fp);
        expect(back?.summary).toBe(fp);
      }
    });

    it('listActive: firing, acknowledged, snoozed and resolved-with-outbox; not resolved-and-delivered', async () => {
      const p = fresh('active');
      const cases: [string, AlertState, OutboxItem[], boolean][] = [
        [`${p}:firing`, 'firing', [], true],
        [`${p}:acked`, 'acknowledged', [], true],
        [`${p}:snoozed`, 'snoozed', [], true],
        [`${p}:firing-outbox`, 'firing', [{ id: 'r', kind: 'root' }], true],
        [
          `${p}:resolved-outbox`,
          'resolved',
          [{ id: 't', kind: 'thread', text: 'Resolved after 42 min' }],
          true,
        ],
        [`${p}:resolved`, 'resolved', [], false],
      ];
      for (const [fp, state, outbox] of cases) {
        await store.update(fp, () =>
          makeAlert(fp, { state, outbox, ...(state === 'resolved' ? { resolvedAt: at(HOUR) } : {}) }),
        );
      }
      const expected = cases.filter((c) => c[3]).map((c) => c[0]);
      expect(mine(p, await other.listActive()).sort()).toEqual(expected.sort());

      // Delivering the last outbox item of a resolved alert takes it off the list; re-firing puts it back.
      await other.update(`${p}:resolved-outbox`, (cur) => ({ ...cur!, outbox: [] }));
      await other.update(`${p}:resolved`, (cur) => ({ ...cur!, state: 'firing', resolvedAt: undefined }));
      const active = await store.listActive();
      expect(mine(p, active).sort()).toEqual(
        [...expected.filter((fp) => !fp.endsWith(':resolved-outbox')), `${p}:resolved`].sort(),
      );
      const refired = active.find((r) => r.fingerprint === `${p}:resolved`)!;
      expect(refired.resolvedAt).toBeUndefined();
      expect(refired.firstSeenAt).toBeInstanceOf(Date);
    });

    it('listSince: alerts first seen, seen again or resolved since the given time', async () => {
      const p = fresh('since');
      const records = [
        makeAlert(`${p}:old`, {
          firstSeenAt: at(-48 * HOUR),
          lastSeenAt: at(-47 * HOUR),
          firingSince: at(-48 * HOUR),
        }),
        makeAlert(`${p}:new`, { firstSeenAt: at(HOUR), lastSeenAt: at(HOUR), firingSince: at(HOUR) }),
        makeAlert(`${p}:resolved-recently`, {
          state: 'resolved',
          firstSeenAt: at(-48 * HOUR),
          lastSeenAt: at(-47 * HOUR),
          firingSince: at(-48 * HOUR),
          resolvedAt: at(2 * HOUR),
        }),
        makeAlert(`${p}:exactly`, { firstSeenAt: at(0), lastSeenAt: at(0), firingSince: at(0) }),
        makeAlert(`${p}:just-before`, { firstSeenAt: at(-1), lastSeenAt: at(-1), firingSince: at(-1) }),
      ];
      await Promise.all(records.map((r, i) => h.instances[i % 3]!.update(r.fingerprint, () => r)));
      const since = await other.listSince(at(0));
      // Newest activity first.
      expect(mine(p, since)).toEqual([`${p}:resolved-recently`, `${p}:new`, `${p}:exactly`]);
      const recent = since.find((r) => r.fingerprint === `${p}:resolved-recently`)!;
      expect(recent.resolvedAt!.getTime()).toBe(at(2 * HOUR).getTime());
      expect(mine(p, await store.listSince(at(3 * HOUR)))).toEqual([]);
      expect(mine(p, await store.listSince(at(-72 * HOUR)))).toHaveLength(5);
    });

    it('CONCURRENCY: 50 parallel updates over 3 instances each appending to the outbox lose nothing', async () => {
      const fp = fresh('outbox');
      const ids = Array.from({ length: 50 }, (_, i) => `o${i}`);
      await Promise.all(
        ids.map((id, i) =>
          h.instances[i % h.instances.length]!.update(fp, (cur) => {
            const base = cur ?? makeAlert(fp);
            return { ...base, outbox: [...base.outbox, { id, kind: 'update' }] };
          }),
        ),
      );
      const back = (await store.get(fp))!;
      expect(back.outbox).toHaveLength(50);
      expect(back.outbox.map((o) => o.id).sort()).toEqual([...ids].sort());
    });

    it('CONCURRENCY: 30 parallel "post the root only if ts is unset" have exactly one winner', async () => {
      const fp = fresh('root');
      await store.update(fp, () => makeAlert(fp, { occurrences: 0 }));
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          h.instances[i % h.instances.length]!.update(fp, (cur) => {
            // `occurrences` counts committed writes; `ts` is set by the first one only.
            const next = { ...cur!, occurrences: cur!.occurrences + 1 };
            if (cur!.ts === undefined) {
              next.ts = `ts-${i}`;
              next.outbox = [...cur!.outbox, { id: `root-${i}`, kind: 'root' }];
            }
            return next;
          }),
        ),
      );
      const winners = results.map((r, i) => (r!.ts === `ts-${i}` ? i : -1)).filter((i) => i >= 0);
      expect(winners).toHaveLength(1);
      const back = (await other.get(fp))!;
      expect(back.ts).toBe(`ts-${winners[0]}`);
      expect(back.occurrences).toBe(30);
      expect(back.outbox).toEqual([{ id: `root-${winners[0]}`, kind: 'root' }]);
    });
  });
}
