/**
 * Behaviour every `HealLog` adapter must share (Firestore, local SQLite). `instances` are separate
 * clients/connections onto ONE store, like several bot processes; concurrency tests spread over them.
 * Each test uses its own transition ids, so the contract needs no reset between tests.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HealEvent, type HealLog, HealStateConflict } from '../../src/heal/ports.js';
import { healEvent } from '../support/builders.js';

export interface HealLogHarness {
  /** At least 3 instances sharing one store. */
  instances: HealLog[];
  /** Stores an event as versions before heal actions wrote it: no `action`, no `action_ref`. */
  writeLegacy(event: Omit<HealEvent, 'action' | 'action_ref'>): Promise<void>;
  close(): Promise<void>;
}

const T0 = new Date('2026-02-10T15:00:00.123Z');
const MIN = 60_000;

export function makeEvent(over: Partial<HealEvent> = {}): HealEvent {
  return healEvent({
    job_name: 'projects/p/locations/us-west2/jobs/same-day-phase3',
    requested_at: T0,
    ...over,
  });
}

export function healLogContract(name: string, factory: () => Promise<HealLogHarness> | null): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): HealLog contract: ${name}`);

  describe.skipIf(pending === null)(`HealLog contract: ${name}`, () => {
    let h: HealLogHarness;
    let log: HealLog;
    let n = 0;
    const fresh = (label: string) => `t${++n}_${label}_${randomUUID().slice(0, 6)}`;

    beforeAll(async () => {
      h = (await pending)!;
      log = h.instances[0]!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('begin takes the lock and writes the requested event with every §5 field', async () => {
      const e = makeEvent({ transition: fresh('begin') });
      expect(await log.begin(e, 30 * MIN)).toEqual({ ok: true });
      const stored = await h.instances[1]!.get(e.heal_id);
      expect(stored).toEqual(e);
      expect(Object.keys(stored!).sort()).toEqual(
        [
          'heal_id',
          'transition',
          'game_date',
          'source',
          'requested_by',
          'status',
          'reason',
          'job_name',
          'location',
          'trigger_command',
          'processors_complete',
          'expected_processors',
          'requested_at',
          'finished_at',
          'error',
          'verified',
          'action',
          'action_ref',
        ].sort(),
      );
      const lock = await log.currentLock(e.transition, e.game_date, T0);
      expect(lock).toEqual({
        transition: e.transition,
        game_date: e.game_date,
        heal_id: e.heal_id,
        requested_by: 'U0ONCALL1',
        requested_at: T0,
        expires_at: new Date(T0.getTime() + 30 * MIN),
      });
    });

    it('the action is kept from begin; finish sets its reference; the outbox rows carry both', async () => {
      const e = makeEvent({
        transition: fresh('action'),
        action: 'pubsub',
        job_name: null,
        location: null,
        trigger_command: 'gcloud pubsub topics publish nba-phase3-trigger --message=x',
      });
      await log.begin(e, 30 * MIN);
      expect(await h.instances[1]!.get(e.heal_id)).toMatchObject({ action: 'pubsub', action_ref: null });
      const done = await h.instances[2]!.finish(e.heal_id, {
        status: 'triggered',
        finished_at: new Date(T0.getTime() + 1000),
        action_ref: '4242424242',
      });
      expect(done).toMatchObject({ action: 'pubsub', action_ref: '4242424242' });
      expect(await log.get(e.heal_id)).toEqual(done);
      const rows = (await log.pendingExports(1000)).filter((r) => r.heal_id === e.heal_id);
      expect(rows.map((r) => [r.key, r.event.action, r.event.action_ref])).toEqual([
        [`${e.heal_id}:requested`, 'pubsub', null],
        [`${e.heal_id}:triggered`, 'pubsub', '4242424242'],
      ]);
      await log.markExported(
        rows.map((r) => r.key),
        T0,
      );
    });

    it('an event stored before heal actions existed reads with action and action_ref null', async () => {
      const { action: _a, action_ref: _r, ...old } = makeEvent({ transition: fresh('legacy') });
      await h.writeLegacy(old);
      const read = await h.instances[1]!.get(old.heal_id);
      expect(read).toEqual({ ...old, action: null, action_ref: null });
      expect((await log.forRun(old.transition, old.game_date)).map((x) => x.action)).toEqual([null]);
    });

    it('a second begin within the cooldown is refused and names the holder; nothing is written', async () => {
      const t = fresh('dup');
      const first = makeEvent({ transition: t });
      await log.begin(first, 30 * MIN);
      const second = makeEvent({
        transition: t,
        requested_by: 'U0OTHER',
        requested_at: new Date(T0.getTime() + 29 * MIN),
      });
      const res = await h.instances[2]!.begin(second, 30 * MIN);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.lock.heal_id).toBe(first.heal_id);
      expect(res.lock.requested_by).toBe('U0ONCALL1');
      expect(res.holder?.heal_id).toBe(first.heal_id);
      expect(res.holder?.requested_at).toEqual(T0);
      expect(await log.get(second.heal_id)).toBeUndefined();
      expect((await log.forRun(t, first.game_date)).map((e) => e.heal_id)).toEqual([first.heal_id]);
    });

    it('the lock expires after the cooldown; locks are per transition and date', async () => {
      const t = fresh('cooldown');
      await log.begin(makeEvent({ transition: t }), 30 * MIN);
      expect(await log.begin(makeEvent({ transition: t, game_date: '2026-02-08' }), 30 * MIN)).toEqual({
        ok: true,
      });
      expect(await log.begin(makeEvent({ transition: `${t}_other` }), 30 * MIN)).toEqual({ ok: true });
      expect(await log.currentLock(t, '2026-02-09', new Date(T0.getTime() + 30 * MIN))).toBeUndefined();
      const later = makeEvent({ transition: t, requested_at: new Date(T0.getTime() + 30 * MIN) });
      expect(await log.begin(later, 30 * MIN)).toEqual({ ok: true });
      expect((await log.currentLock(t, '2026-02-09', later.requested_at))?.heal_id).toBe(later.heal_id);
    });

    it('finish(triggered) records the outcome and keeps the lock', async () => {
      const e = makeEvent({ transition: fresh('ok') });
      await log.begin(e, 30 * MIN);
      const done = await h.instances[1]!.finish(e.heal_id, {
        status: 'triggered',
        finished_at: new Date(T0.getTime() + 1500),
      });
      expect(done).toEqual({ ...e, status: 'triggered', finished_at: new Date(T0.getTime() + 1500) });
      expect(await log.get(e.heal_id)).toEqual(done);
      expect((await log.currentLock(e.transition, e.game_date, T0))?.heal_id).toBe(e.heal_id);
    });

    it('finish(failed, releaseLock) records the error and frees the run for a retry', async () => {
      const t = fresh('fail');
      const e = makeEvent({ transition: t });
      await log.begin(e, 30 * MIN);
      const failed = await log.finish(e.heal_id, {
        status: 'failed',
        finished_at: new Date(T0.getTime() + 2000),
        error: 'Cloud Scheduler answered 503',
        releaseLock: true,
      });
      expect(failed.status).toBe('failed');
      expect(failed.error).toBe('Cloud Scheduler answered 503');
      expect(await log.currentLock(t, e.game_date, T0)).toBeUndefined();
      const retry = makeEvent({ transition: t, requested_at: new Date(T0.getTime() + 5000) });
      expect(await h.instances[2]!.begin(retry, 30 * MIN)).toEqual({ ok: true });
    });

    it('release only frees a lock its heal holds', async () => {
      const t = fresh('release');
      const e = makeEvent({ transition: t });
      await log.begin(e, 30 * MIN);
      await log.release(t, e.game_date, 'someone-else');
      expect((await log.currentLock(t, e.game_date, T0))?.heal_id).toBe(e.heal_id);
      await log.release(t, e.game_date, e.heal_id);
      expect(await log.currentLock(t, e.game_date, T0)).toBeUndefined();
    });

    it('record writes lock-free events (denied, refused, duplicate)', async () => {
      const t = fresh('record');
      const denied = makeEvent({ transition: t, status: 'denied', reason: 'not allowed', finished_at: T0 });
      await log.record(denied);
      expect(await log.get(denied.heal_id)).toEqual(denied);
      expect(await log.currentLock(t, denied.game_date, T0)).toBeUndefined();
      expect(await log.begin(makeEvent({ transition: t }), 30 * MIN)).toEqual({ ok: true });
    });

    it('setVerified sets verified on the event', async () => {
      const e = makeEvent({ transition: fresh('verify') });
      await log.begin(e, 30 * MIN);
      await log.finish(e.heal_id, { status: 'triggered', finished_at: T0 });
      const v = await log.setVerified(e.heal_id, 'started', new Date(T0.getTime() + 20 * MIN));
      expect(v?.verified).toBe('started');
      expect((await log.get(e.heal_id))?.verified).toBe('started');
      expect((await log.get(e.heal_id))?.status).toBe('triggered');
      expect(await log.setVerified('missing-heal', 'started', T0)).toBeUndefined();
    });

    it('list (newest first, since, transition), forRun and inStatus', async () => {
      const t = fresh('list');
      const at = (m: number) => new Date(T0.getTime() + m * MIN);
      const a = makeEvent({ transition: t, requested_at: at(-3 * 24 * 60), status: 'refused' });
      const b = makeEvent({ transition: t, requested_at: at(1), status: 'denied', game_date: '2026-02-08' });
      const c = makeEvent({ transition: t, requested_at: at(2) });
      const other = makeEvent({ transition: `${t}_x`, requested_at: at(3), status: 'duplicate' });
      await log.record(a);
      await log.record(b);
      await log.begin(c, 30 * MIN);
      await log.record(other);
      const recent = await h.instances[1]!.list({ since: at(0), transition: t });
      expect(recent.map((e) => e.heal_id)).toEqual([c.heal_id, b.heal_id]);
      const all = await log.list({ since: at(-4 * 24 * 60) });
      const mine = all.filter((e) => e.transition.startsWith(t)).map((e) => e.heal_id);
      expect(mine).toEqual([other.heal_id, c.heal_id, b.heal_id, a.heal_id]);
      expect((await log.forRun(t, '2026-02-09')).map((e) => e.heal_id)).toEqual([c.heal_id, a.heal_id]);
      const requested = await log.inStatus('requested', 1000);
      expect(requested.map((e) => e.heal_id)).toContain(c.heal_id);
      expect(requested.every((e) => e.status === 'requested')).toBe(true);
    });

    it('outbox: one pending row per event status, oldest first, until marked exported', async () => {
      const t = fresh('outbox');
      const e = makeEvent({ transition: t, requested_at: new Date('2020-01-01T00:00:00.000Z') });
      await log.begin(e, 30 * MIN);
      await log.finish(e.heal_id, { status: 'triggered', finished_at: new Date('2020-01-01T00:00:01.000Z') });
      await log.setVerified(e.heal_id, 'not_started', new Date('2020-01-01T00:20:00.000Z'));
      const mine = (await h.instances[1]!.pendingExports(1000)).filter((x) => x.heal_id === e.heal_id);
      expect(mine.map((x) => x.key)).toEqual([
        `${e.heal_id}:requested`,
        `${e.heal_id}:triggered`,
        `${e.heal_id}:verified`,
      ]);
      expect(mine[0]!.event).toEqual(e);
      expect(mine[1]!.event.status).toBe('triggered');
      expect(mine[1]!.event.finished_at).toEqual(new Date('2020-01-01T00:00:01.000Z'));
      expect(mine[2]!.event.verified).toBe('not_started');
      await log.markExported([`${e.heal_id}:requested`, `${e.heal_id}:triggered`], new Date());
      const left = (await log.pendingExports(1000)).filter((x) => x.heal_id === e.heal_id);
      expect(left.map((x) => x.key)).toEqual([`${e.heal_id}:verified`]);
      await log.markExported([`${e.heal_id}:verified`], new Date());
      expect((await log.pendingExports(1000)).filter((x) => x.heal_id === e.heal_id)).toEqual([]);
    });

    it('many parallel begin() calls across instances: exactly one wins, all others name it', async () => {
      const t = fresh('race');
      const attempts = Array.from({ length: 60 }, (_, i) =>
        makeEvent({ transition: t, requested_by: `U${i}`, requested_at: new Date(T0.getTime() + i) }),
      );
      const results = await Promise.all(
        attempts.map((e, i) => h.instances[i % h.instances.length]!.begin(e, 30 * MIN)),
      );
      const winners = results.flatMap((r, i) => (r.ok ? [attempts[i]!] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      for (const r of results) {
        if (!r.ok) {
          expect(r.lock.heal_id).toBe(winner.heal_id);
          expect(r.holder?.requested_by).toBe(winner.requested_by);
        }
      }
      const events = await log.forRun(t, '2026-02-09');
      expect(events.map((e) => e.heal_id)).toEqual([winner.heal_id]);
    });

    it('parallel begin() calls on a run whose lock has expired: exactly one takes it over', async () => {
      const t = fresh('race_expired');
      await log.begin(makeEvent({ transition: t }), 30 * MIN);
      const later = new Date(T0.getTime() + 31 * MIN);
      const attempts = Array.from({ length: 12 }, (_, i) =>
        makeEvent({ transition: t, requested_by: `V${i}`, requested_at: later }),
      );
      const results = await Promise.all(
        attempts.map((e, i) => h.instances[i % h.instances.length]!.begin(e, 30 * MIN)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const winner = attempts[results.findIndex((r) => r.ok)]!;
      expect((await log.currentLock(t, '2026-02-09', later))?.heal_id).toBe(winner.heal_id);
      expect(await log.forRun(t, '2026-02-09')).toHaveLength(2);
    });

    it('finish with onlyIfStatus writes nothing when another instance got there first', async () => {
      const e = makeEvent({ transition: fresh('only_if') });
      await log.begin(e, 30 * MIN);
      await log.finish(e.heal_id, { status: 'triggered', finished_at: T0, onlyIfStatus: 'requested' });
      await expect(
        h.instances[1]!.finish(e.heal_id, {
          status: 'failed',
          finished_at: T0,
          error: 'x',
          onlyIfStatus: 'requested',
        }),
      ).rejects.toBeInstanceOf(HealStateConflict);
      expect((await log.get(e.heal_id))?.status).toBe('triggered');
    });

    it('answers ping', async () => {
      await expect(log.ping()).resolves.toBeUndefined();
    });
  });
}
