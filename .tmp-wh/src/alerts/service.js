import { fingerprint } from '../checks/types.js';
import { addDays, localDate, localTime } from '../pipeline/dates.js';
import { alertView } from '../views/alert.js';
import { acknowledge, applyNotEvaluated, applyResult, applyTime, newId, snooze, } from './lifecycle.js';
/** Why 60 s: long enough for a slow Slack call with retries, short enough that a crashed instance's lock lapses quickly. */
const DELIVERY_LOCK_MS = 60_000;
export class AlertService {
    d;
    constructor(d) {
        this.d = d;
    }
    get repeatMs() {
        return this.d.config.alerts.repeat_interval_minutes * 60_000;
    }
    /** Applies a run's results, reminders and snooze ends, then delivers everything pending. */
    async process(results) {
        const now = this.d.clock.now();
        const active = await this.d.store.listActive();
        const byFp = new Map(active.map((a) => [a.fingerprint, a]));
        const seen = new Set();
        const healthy = new Set(results.filter((r) => r.check === 'check_health' && r.status === 'ok').map((r) => r.subject));
        // Upstream first, so a downstream alert of the same run can find its parent.
        const ordered = [...results].sort((a, b) => this.depth(a) - this.depth(b));
        for (const r of ordered) {
            const fp = fingerprint(r);
            seen.add(fp);
            if (r.status === 'ok' && !byFp.has(fp))
                continue;
            const parent = r.status !== 'ok' && !byFp.has(fp) ? this.findParent(r, byFp) : undefined;
            const next = await this.d.store.update(fp, (cur) => applyResult(cur, r, now, { parentFingerprint: parent }));
            if (next)
                byFp.set(fp, next);
        }
        for (const a of active) {
            if (seen.has(a.fingerprint) || a.state === 'resolved')
                continue;
            if (a.check !== 'check_health' && healthy.has(a.check)) {
                await this.d.store.update(a.fingerprint, (cur) => applyNotEvaluated(cur, now, `the ${a.check} check no longer evaluates \`${a.subject}\` (outside its window).`));
            }
        }
        for (const a of active) {
            await this.d.store.update(a.fingerprint, (cur) => applyTime(cur, now, this.repeatMs));
        }
        await this.deliverPending();
    }
    /** Delivers the outbox of every active alert, parents before children. */
    async deliverPending() {
        const pending = (await this.d.store.listActive()).filter((a) => a.outbox.length > 0);
        pending.sort((a, b) => Number(!!a.parentFingerprint) - Number(!!b.parentFingerprint));
        for (const a of pending)
            await this.deliver(a.fingerprint);
    }
    async acknowledge(fp, user) {
        return this.act(fp, (cur, now) => acknowledge(cur, user, now));
    }
    async snooze(fp, user, hours) {
        return this.act(fp, (cur, now) => {
            const until = new Date(now.getTime() + hours * 3_600_000);
            const label = `${localDate(until, this.d.config.timezone)} ${localTime(until, this.d.config.timezone)} ${this.d.config.timezone}`;
            return snooze(cur, user, hours, now, label);
        });
    }
    /** A note in an alert's thread (heal outcomes, verification), optionally with a change to the record. */
    async note(fp, text, change) {
        const rec = await this.d.store.update(fp, (cur) => {
            if (!cur)
                return undefined;
            const changed = change ? change(cur) : cur;
            const items = [{ id: newId(), kind: 'thread', text }];
            if (change)
                items.unshift({ id: newId(), kind: 'update' });
            return { ...changed, outbox: [...changed.outbox, ...items] };
        });
        if (!rec)
            return false;
        await this.deliver(fp);
        return true;
    }
    listActive() {
        return this.d.store.listActive();
    }
    async act(fp, fn) {
        const now = this.d.clock.now();
        let outcome = { ok: false, message: 'That alert no longer exists.' };
        await this.d.store.update(fp, (cur) => {
            outcome = fn(cur, now);
            return outcome.ok ? outcome.record : undefined;
        });
        if (outcome.ok)
            await this.deliver(fp);
        return outcome;
    }
    /** Delivers one alert's outbox in order; stops at the first failure and leaves the rest for the next tick. */
    async deliver(fp) {
        const me = this.d.instanceId;
        const now = this.d.clock.now();
        const claimed = await this.d.store.update(fp, (cur) => {
            if (!cur || cur.outbox.length === 0)
                return undefined;
            if (cur.deliveryLock && cur.deliveryLock.holder !== me && cur.deliveryLock.until.getTime() > now.getTime())
                return undefined;
            return { ...cur, deliveryLock: { holder: me, until: new Date(now.getTime() + DELIVERY_LOCK_MS) } };
        });
        if (!claimed || claimed.deliveryLock?.holder !== me)
            return;
        try {
            let current = claimed;
            while (current.outbox.length > 0) {
                const item = current.outbox[0];
                const posted = await this.perform(current, item);
                if (posted === 'wait')
                    break;
                const after = await this.d.store.update(fp, (cur) => {
                    if (!cur)
                        return undefined;
                    return {
                        ...cur,
                        ...(posted ?? {}),
                        lastNotifiedAt: item.kind === 'update' ? cur.lastNotifiedAt : this.d.clock.now(),
                        outbox: cur.outbox.filter((i) => i.id !== item.id),
                    };
                });
                if (!after)
                    break;
                current = after;
            }
        }
        catch (err) {
            this.d.log.warn({ err, fingerprint: fp }, 'alert delivery failed; will retry on the next tick');
        }
        finally {
            await this.d.store.update(fp, (cur) => cur && cur.deliveryLock?.holder === me ? { ...cur, deliveryLock: undefined } : undefined);
        }
    }
    /** Performs one outbox item. Returns fields to store (root ts), `'wait'` to stop without error, or undefined. */
    async perform(a, item) {
        const { chat, config, clock } = this.d;
        const view = alertView(a, config, clock.now());
        if (item.kind === 'root') {
            if (a.ts)
                return undefined; // already posted (e.g. by an instance that crashed before clearing the item)
            let threadTs;
            let channel = this.d.channel;
            if (a.parentFingerprint) {
                const parent = await this.d.store.get(a.parentFingerprint);
                if (parent && !parent.ts && parent.state !== 'resolved')
                    return 'wait'; // parent not posted yet
                if (parent?.ts) {
                    threadTs = parent.ts;
                    channel = parent.channel ?? channel;
                }
            }
            const posted = await chat.post({ channel, text: view.text, blocks: view.blocks, threadTs });
            return { channel: posted.channel, ts: posted.ts, ...(threadTs ? { threadTs } : {}) };
        }
        if (!a.ts || !a.channel)
            return 'wait';
        if (item.kind === 'update') {
            await chat.update({ channel: a.channel, ts: a.ts, text: view.text, blocks: view.blocks });
            return undefined;
        }
        await chat.post({ channel: a.channel, threadTs: a.threadTs ?? a.ts, text: item.text });
        return undefined;
    }
    /** 0 for the first transitions of the pipeline, growing downstream; non-pipeline checks last. */
    depth(r) {
        const i = this.d.config.transitions.findIndex((t) => t.id === r.transition);
        return i < 0 ? 100 : i;
    }
    /** The open upstream alert of the same pipeline run (Phase 2→3 stuck for D, while Phase 3→4 overdue for D+1). */
    findParent(r, active) {
        if (!r.transition || !r.date)
            return undefined;
        const me = this.d.config.transitions.find((t) => t.id === r.transition);
        const up = this.d.config.transitions.find((t) => t.next === r.transition);
        if (!me || !up)
            return undefined;
        const upDate = addDays(r.date, -(me.date_offset_days - up.date_offset_days));
        for (const a of active.values()) {
            if (a.state !== 'resolved' && !a.parentFingerprint && a.result.transition === up.id && a.result.date === upDate) {
                return a.fingerprint;
            }
        }
        return undefined;
    }
}
//# sourceMappingURL=service.js.map