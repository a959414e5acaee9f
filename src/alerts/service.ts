/**
 * Alert service: turns check results into living chat messages. Decisions are pure (lifecycle.ts) and
 * stored atomically; delivery to chat works from each alert's outbox, under a per-alert delivery lock,
 * so a failed post is retried on the next tick and two instances never post the same root twice.
 * Text is rendered at delivery through the injected `AlertViews` (views/alert-views.ts), never stored.
 */
import type { CheckResult } from '../checks/types.js';
import { fingerprint } from '../checks/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { chooseRoute } from '../oncall/routes.js';
import { severityOf } from '../oncall/severity.js';
import type { Silence, SilenceStore } from '../oncall/silences.js';
import { addDays } from '../pipeline/dates.js';
import type { Chat, Clock } from '../ports.js';
import {
  type ActionOutcome,
  acknowledge,
  applyNotEvaluated,
  applyResult,
  applyTime,
  GONE,
  newId,
  seenUnchanged,
  snooze,
} from './lifecycle.js';
import { addNote, resolveManually } from './oncall.js';
import { groupStorms, postCopies, postNote, postSilenceSummaries, updateCopies } from './oncall-chat.js';
import { alertFacts, applyEscalations, applySilences, loadSilences } from './oncall-tick.js';
import { TickAlertStore } from './tick-store.js';
import type { AlertNote, AlertRecord, AlertStore, OutboxItem } from './types.js';
import type { AlertViews } from './views-port.js';

/** Why 60 s: long enough for a slow Slack call with retries, short enough that a crashed instance's lock lapses quickly. */
const DELIVERY_LOCK_MS = 60_000;

export interface AlertServiceDeps {
  config: Config;
  clock: Clock;
  log: Logger;
  store: AlertStore;
  chat: Chat;
  channel: string;
  instanceId: string;
  /** Silences shared by every instance (Firestore / the local store); without it nothing is muted. */
  silences?: SilenceStore;
  /** How alerts become chat text (views/alert-views.ts): rendered at delivery, never stored. */
  views: AlertViews;
}

/** An action's outcome with its answer for the person who acted, rendered by the views. */
export type ToldOutcome = ActionOutcome & { message: string };

export class AlertService {
  /**
   * `failedDelivery`: alerts whose last delivery failed here: they go last, so one undeliverable alert never
   * holds back the rest (shared with the per-tick service `process` makes).
   */
  constructor(
    private readonly d: AlertServiceDeps,
    private readonly failedDelivery = new Set<string>(),
  ) {}

  private get repeatMs() {
    return this.d.config.alerts.repeat_interval_minutes * 60_000;
  }

  /** Applies a run's results, reminders and snooze ends, then delivers everything pending. */
  async process(results: CheckResult[]): Promise<void> {
    // One read of the open alerts per tick, shared by its steps (see tick-store.ts).
    const store = new TickAlertStore(this.d.store);
    return new AlertService({ ...this.d, store }, this.failedDelivery).processTick(results);
  }

  private async processTick(results: CheckResult[]): Promise<void> {
    const now = this.d.clock.now();
    const silences = this.d.silences ? await loadSilences(this.d.silences, this.d.config, now) : [];
    const active = await this.d.store.listActive();
    const byFp = new Map(active.map((a) => [a.fingerprint, a]));
    const seen = new Set<string>();
    const healthy = new Set(
      results.filter((r) => r.check === 'check_health' && r.status === 'ok').map((r) => r.subject),
    );

    // Upstream first, so a downstream alert of the same run can find its parent; within a depth, in parallel.
    const depths = [...new Set(results.map((r) => this.depth(r)))].sort((a, b) => a - b);
    for (const depth of depths) {
      await Promise.all(
        results
          .filter((r) => this.depth(r) === depth)
          .map(async (r) => {
            const fp = fingerprint(r);
            seen.add(fp);
            if (r.status === 'ok' && !byFp.has(fp)) return;
            // Judged on the copy read above: an alert still firing unchanged costs no transaction.
            if (seenUnchanged(byFp.get(fp), r, now)) return;
            const parent = r.status !== 'ok' && !byFp.has(fp) ? this.findParent(r, byFp) : undefined;
            const next = await this.d.store.update(fp, (cur) =>
              applyResult(cur, r, now, {
                parentFingerprint: parent,
                severityLevel: severityOf(this.d.config.checks, r.check, r.transition),
              }),
            );
            if (next) byFp.set(fp, next);
          }),
      );
    }
    await Promise.all(
      active
        .filter(
          (a) =>
            !seen.has(a.fingerprint) &&
            a.state !== 'resolved' &&
            a.check !== 'check_health' &&
            healthy.has(a.check),
        )
        .map((a) => this.d.store.update(a.fingerprint, (cur) => applyNotEvaluated(cur, now))),
    );
    await this.applyTimeAndOncall(silences, now);
    await this.deliverPending();
  }

  /** Silences (mute/release), reminders and snooze ends, escalation, end-of-silence summaries, storms. */
  private async applyTimeAndOncall(silences: Silence[], now: Date): Promise<void> {
    const { store, config } = this.d;
    await applySilences(store, await store.listActive(), silences, config, now);
    // Only alerts whose reminder or snooze end is due (judged on a fresh copy) cost a transaction.
    const current = await store.listActive();
    const due = current.filter((a) => applyTime(a, now, this.repeatMs) !== undefined);
    await Promise.all(
      due.map((a) => store.update(a.fingerprint, (cur) => applyTime(cur, now, this.repeatMs))),
    );
    await applyEscalations(store, current, config, now);
    if (this.d.silences) await postSilenceSummaries(this.d, this.d.silences, silences, now);
    await groupStorms(this.d, now);
  }

  /** Delivers the outbox of every active alert, parents before children. */
  async deliverPending(): Promise<void> {
    const pending = (await this.d.store.listActive()).filter(
      (a) => a.outbox.length > 0 && (!a.mutedBy || a.outbox[0]!.kind === 'update'),
    );
    const rank = (a: AlertRecord) =>
      (this.failedDelivery.has(a.fingerprint) ? 2 : 0) + (a.parentFingerprint ? 1 : 0);
    pending.sort((a, b) => rank(a) - rank(b));
    for (const a of pending) {
      // Chat is failing (outage, bad token): stop here rather than wait out retries for every alert.
      if ((await this.deliver(a.fingerprint)) === 'failed') break;
    }
  }

  async acknowledge(fp: string, user: string): Promise<ToldOutcome> {
    return this.act(fp, (cur, now) => acknowledge(cur, user, now));
  }

  async snooze(fp: string, user: string, hours: number): Promise<ToldOutcome> {
    return this.act(fp, (cur, now) => snooze(cur, user, hours, now));
  }

  async resolveManually(fp: string, user: string): Promise<ToldOutcome> {
    return this.act(fp, (cur, now) => resolveManually(cur, user, now));
  }

  async addNote(fp: string, user: string, text: string): Promise<ToldOutcome> {
    return this.act(fp, (cur, now) => addNote(cur, user, text, now));
  }

  /**
   * A note in an alert's thread (heal outcomes, verification), optionally with a change to the record.
   * A string is text a view already rendered for the person who acted (`told`), copied to the thread.
   */
  async note(
    fp: string,
    what: AlertNote | string,
    change?: (a: AlertRecord) => AlertRecord,
  ): Promise<boolean> {
    const note: AlertNote = typeof what === 'string' ? { type: 'told', text: what } : what;
    const rec = await this.d.store.update(fp, (cur) => {
      if (!cur) return undefined;
      const changed = change ? change(cur) : cur;
      const items: OutboxItem[] = [{ id: newId(), kind: 'note', note }];
      if (change) items.unshift({ id: newId(), kind: 'update' });
      return { ...changed, outbox: [...changed.outbox, ...items] };
    });
    if (!rec) return false;
    await this.deliver(fp);
    return true;
  }

  listActive(): Promise<AlertRecord[]> {
    return this.d.store.listActive();
  }

  private async act(
    fp: string,
    fn: (cur: AlertRecord | undefined, now: Date) => ActionOutcome,
  ): Promise<ToldOutcome> {
    const now = this.d.clock.now();
    let outcome: ActionOutcome = GONE;
    await this.d.store.update(fp, (cur) => {
      outcome = fn(cur, now);
      return outcome.ok ? outcome.record : undefined;
    });
    if (outcome.ok) await this.deliver(fp);
    return { ...outcome, message: this.d.views.actionResult(outcome.result, this.d.config.timezone) };
  }

  /** Delivers one alert's outbox in order; stops at the first failure and leaves the rest for the next tick. */
  async deliver(fp: string): Promise<'done' | 'failed' | 'skipped'> {
    // Unique per delivery, not per instance: two deliveries in one process must exclude each other too.
    const me = `${this.d.instanceId}:${newId()}`;
    const now = this.d.clock.now();
    const claimed = await this.d.store.update(fp, (cur) => {
      if (!cur || cur.outbox.length === 0) return undefined;
      if (
        cur.deliveryLock &&
        cur.deliveryLock.holder !== me &&
        cur.deliveryLock.until.getTime() > now.getTime()
      )
        return undefined;
      return { ...cur, deliveryLock: { holder: me, until: new Date(now.getTime() + DELIVERY_LOCK_MS) } };
    });
    if (!claimed || claimed.deliveryLock?.holder !== me) return 'skipped';
    try {
      let current: AlertRecord = claimed;
      while (current.outbox.length > 0) {
        const item = current.outbox[0]!;
        // Muted: the root may be edited (to show it), everything else waits for the silence to end.
        if (current.mutedBy && item.kind !== 'update') break;
        const posted = await this.perform(current, item);
        if (posted === 'wait') break;
        const after = await this.d.store.update(fp, (cur) => {
          if (!cur) return undefined;
          return {
            ...cur,
            ...(posted ?? {}),
            lastNotifiedAt: item.kind === 'update' ? cur.lastNotifiedAt : this.d.clock.now(),
            outbox: cur.outbox.filter((i) => i.id !== item.id),
          };
        });
        if (!after) break;
        current = after;
      }
      this.failedDelivery.delete(fp);
      return 'done';
    } catch (err) {
      this.d.log.warn({ err, fingerprint: fp }, 'alert delivery failed; will retry on the next tick');
      this.failedDelivery.add(fp);
      return 'failed';
    } finally {
      await this.d.store.update(fp, (cur) =>
        cur && cur.deliveryLock?.holder === me ? { ...cur, deliveryLock: undefined } : undefined,
      );
    }
  }

  /** Performs one outbox item. Returns fields to store (root ts), `'wait'` to stop without error, or undefined. */
  private async perform(
    a: AlertRecord,
    item: OutboxItem,
  ): Promise<Partial<AlertRecord> | 'wait' | undefined> {
    const { chat, config, clock, views } = this.d;
    const view = views.root(a, config, clock.now());
    if (item.kind === 'root') {
      if (a.ts) return undefined; // already posted (e.g. by an instance that crashed before clearing the item)
      let threadTs: string | undefined;
      const route = chooseRoute(config.routes, this.d.channel, alertFacts(a, config));
      let channel = route.channels[0]!;
      if (a.threadTs && a.channel && !a.parentFingerprint) {
        // A member of a storm: a reply in the storm summary's thread.
        threadTs = a.threadTs;
        channel = a.channel;
      } else if (a.parentFingerprint) {
        const parent = await this.d.store.get(a.parentFingerprint);
        if (parent && !parent.ts && parent.state !== 'resolved') return 'wait'; // parent not posted yet
        if (parent?.ts) {
          threadTs = parent.ts;
          channel = parent.channel ?? channel;
        }
      }
      const posted =
        (await this.adoptLostPost(a, channel, threadTs)) ??
        (await chat.post({ channel, text: view.text, blocks: view.blocks, threadTs, key: a.fingerprint }));
      const mirrors = threadTs ? [] : await postCopies(chat, this.d.log, route.channels.slice(1), view);
      return {
        channel: posted.channel,
        ts: posted.ts,
        rootPostStartedAt: undefined,
        ...(threadTs ? { threadTs } : {}),
        ...(mirrors.length ? { mirrors } : {}),
      };
    }
    if (!a.ts || !a.channel) return 'wait';
    if (item.kind === 'update') {
      await chat.update({ channel: a.channel, ts: a.ts, text: view.text, blocks: view.blocks });
      await updateCopies(chat, this.d.log, a.mirrors ?? [], view);
      return undefined;
    }
    await postNote(this.d, a, item);
    return undefined;
  }

  /**
   * Exactly one root per alert: before a root post the attempt is recorded; if an earlier attempt's outcome
   * is unknown (its answer was lost, or the bot stopped), the chat is searched for the message it may have
   * posted (by its key) and that message is adopted. A chat that cannot search gets a post.
   */
  private async adoptLostPost(a: AlertRecord, channel: string, threadTs?: string) {
    const { chat, store, clock, log } = this.d;
    if (a.rootPostStartedAt && chat.findPosted) {
      const found = await chat
        .findPosted({ channel, threadTs, key: a.fingerprint, since: a.rootPostStartedAt })
        .catch((err: { code?: string }) => {
          // Slack said no (e.g. a missing history scope): post rather than never deliver. Anything else
          // (no answer) is retried next tick, when the lookup can be made.
          if (err.code !== 'slack_webapi_platform_error') throw err;
          log.warn({ err, fingerprint: a.fingerprint }, 'could not search for a lost alert post; posting');
          return undefined;
        });
      if (found) {
        log.info({ fingerprint: a.fingerprint, ts: found.ts }, 'adopted an alert post whose answer was lost');
        return found;
      }
    }
    if (!a.rootPostStartedAt && chat.findPosted) {
      const at = clock.now();
      await store.update(a.fingerprint, (cur) => (cur ? { ...cur, rootPostStartedAt: at } : undefined));
    }
    return undefined;
  }

  /** 0 for the first transitions of the pipeline, growing downstream; non-pipeline checks last. */
  private depth(r: CheckResult): number {
    const i = this.d.config.transitions.findIndex((t) => t.id === r.transition);
    return i < 0 ? 100 : i;
  }

  /**
   * The open upstream alert of the same pipeline run (Phase 2→3 stuck for D, while Phase 3→4 overdue for D+1);
   * when that one is itself threaded under an alert further up, that alert's (one thread per run).
   */
  private findParent(r: CheckResult, active: Map<string, AlertRecord>): string | undefined {
    if (!r.transition || !r.date) return undefined;
    const me = this.d.config.transitions.find((t) => t.id === r.transition);
    const up = this.d.config.transitions.find((t) => t.next === r.transition);
    if (!me || !up) return undefined;
    const upDate = addDays(r.date, -(me.date_offset_days - up.date_offset_days));
    for (const a of active.values()) {
      if (a.state !== 'resolved' && a.result.transition === up.id && a.result.date === upDate) {
        return a.parentFingerprint ?? a.fingerprint;
      }
    }
    return undefined;
  }
}
