/**
 * The alert timeline: what the bot did, as Slack-free events (fired, reminded, resolved, digest), recorded
 * by watching the alert store change. The same recorder wraps the live bot's store and the replay's, so
 * their timelines can be compared event for event.
 */
import type { AlertMutation, AlertRecord, AlertStore, OutboxItem } from '../alerts/types.js';
import type { CheckId } from '../checks/types.js';
import type { Chat, ChatMessage, Clock, PostedMessage } from '../ports.js';

interface AlertEventBase {
  at: Date;
  check: CheckId;
  subject: string;
  severity: AlertRecord['severity'];
  summary: string;
}

export type TimelineEvent =
  | (AlertEventBase & { kind: 'fired'; occurrence: number })
  | (AlertEventBase & { kind: 'reminded'; firingMinutes: number })
  | (AlertEventBase & { kind: 'resolved'; firingMinutes: number; reason: 'passed' | 'not_evaluated' })
  | { at: Date; kind: 'digest'; date: string; issues: string[] };

const minutes = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

/** The event one store change means, if any. Pure. */
export function eventOf(
  prev: AlertRecord | undefined,
  next: AlertRecord,
  at: Date,
): TimelineEvent | undefined {
  const base = {
    at,
    check: next.check,
    subject: next.subject,
    severity: next.severity,
    summary: next.summary,
  };
  const wasOpen = !!prev && prev.state !== 'resolved';
  if (!wasOpen && next.state !== 'resolved') return { ...base, kind: 'fired', occurrence: next.occurrences };
  if (wasOpen && next.state === 'resolved') {
    return {
      ...base,
      kind: 'resolved',
      firingMinutes: minutes(next.firingSince, at),
      // A resolution by a passing result carries that result's time as lastSeenAt.
      reason: next.lastSeenAt.getTime() === at.getTime() ? 'passed' : 'not_evaluated',
    };
  }
  const before = new Set(prev?.outbox.map((i) => i.id));
  const reminder = (i: OutboxItem) => i.kind === 'note' && i.note.type === 'reminder';
  const newThread = next.outbox.some((i) => reminder(i) && !before.has(i.id));
  const renotified = prev?.lastNotifiedAt?.getTime() !== next.lastNotifiedAt?.getTime();
  if (prev?.state === 'firing' && next.state === 'firing' && newThread && renotified) {
    return { ...base, kind: 'reminded', firingMinutes: minutes(next.firingSince, at) };
  }
  return undefined;
}

/** An alert store that records a timeline event for each change that means one. */
export class TimelineAlertStore implements AlertStore {
  readonly events: TimelineEvent[] = [];

  constructor(
    private readonly inner: AlertStore,
    private readonly clock: Clock,
  ) {}

  get(fp: string) {
    return this.inner.get(fp);
  }
  listActive() {
    return this.inner.listActive();
  }
  listSince(since: Date) {
    return this.inner.listSince(since);
  }
  async update(fp: string, fn: AlertMutation) {
    // A transaction may run `fn` more than once: only the attempt that committed counts.
    let seen: AlertRecord | undefined;
    const next = await this.inner.update(fp, (cur) => {
      seen = cur;
      return fn(cur);
    });
    const event = next && eventOf(seen, next, this.clock.now());
    if (event) this.events.push(event);
    return next;
  }
}

/** A chat that posts nowhere: messages get ids so the alert lifecycle runs as it does against Slack. */
export class SilentChat implements Chat {
  private seq = 0;
  async post(m: ChatMessage): Promise<PostedMessage> {
    return { channel: m.channel, ts: `0.${String(++this.seq).padStart(6, '0')}` };
  }
  async update(): Promise<void> {}
  async usergroupMembers(): Promise<string[]> {
    return [];
  }
}
