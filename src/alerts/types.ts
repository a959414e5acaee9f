/** Alerts (SPEC §4): one record per fingerprint, one living Slack message per open alert. */
import type { CheckId, CheckResult } from '../checks/types.js';
import type { Severity } from '../oncall/severity.js';

/** A check status that keeps an alert open (anything but `ok`). */
export type FailingStatus = 'warn' | 'fail' | 'error';

export type AlertState = 'firing' | 'acknowledged' | 'snoozed' | 'resolved';

/** A notification not yet delivered to chat. Delivered in order; a failure leaves it for the next tick. */
export type OutboxItem =
  | { id: string; kind: 'root' }
  | { id: string; kind: 'update' }
  /** Written before thread notes were recorded as data: old stored records deliver their text as it is. */
  | { id: string; kind: 'thread'; text: string }
  | { id: string; kind: 'note'; note: AlertNote };

/**
 * Something that happened to an alert, told in its thread: recorded as data, rendered by views at
 * delivery (views/alert-notes.ts), so the domain writes no Slack text. Stored as plain data by every
 * store: instants are ISO strings, lengths of time milliseconds.
 */
export type AlertNote =
  | { type: 'resolved'; firingMs: number; summary: string }
  | { type: 'firing_again'; occurrence: number; summary: string }
  | { type: 'not_evaluated'; check: string; subject: string }
  | { type: 'snooze_over'; summary: string }
  | { type: 'reminder'; firingMs: number; summary: string }
  | { type: 'acknowledged'; by: string }
  | { type: 'snoozed'; by: string; hours: number; until: string }
  | { type: 'escalation'; step: number; mention_usergroup?: string; dm_users?: string[] }
  | { type: 'note'; by: string; text: string }
  | { type: 'resolved_manually'; by: string }
  /** Heal notes carry the heal service's own sentence (`message`), shown as it is. */
  | { type: 'heal'; heal_id: string; message: string }
  | { type: 'heal_verified'; heal_id: string; started: boolean; message: string }
  | { type: 'heal_unfinished'; heal_id: string; message: string }
  /** Text a view already rendered for the person who acted (a DLQ Replay / Mark handled answer), copied to the thread. */
  | { type: 'told'; text: string };

/** One escalation step of the current episode: done (`mention`, `dm`) or passed outside its hours. */
export interface EscalationEntry {
  step: number;
  at: Date;
  action: 'mention' | 'dm' | 'skipped';
}

export interface AlertRecord {
  fingerprint: string;
  check: CheckId;
  subject: string;
  state: AlertState;
  severity: FailingStatus;
  summary: string;
  /** The latest non-ok result (facts, details, suggested action), as rendered in the root message. */
  result: StoredResult;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** When the current episode started firing (a re-fire after resolution starts a new one). */
  firingSince: Date;
  resolvedAt?: Date;
  /** Episodes of firing (1 for a first fire; +1 each time it fires again after resolving). */
  occurrences: number;
  ackBy?: string;
  ackAt?: Date;
  snoozedUntil?: Date;
  snoozedBy?: string;
  /** The root message (or, for a grouped downstream alert, its reply in the upstream thread). */
  channel?: string;
  ts?: string;
  /** Set when this alert lives in the thread of an upstream alert. */
  parentFingerprint?: string;
  threadTs?: string;
  lastNotifiedAt?: Date;
  /**
   * Set just before the root message is posted, cleared once its `ts` is stored: when set, an earlier
   * attempt's outcome is unknown (answer lost, crash) and the chat is searched before posting again.
   */
  rootPostStartedAt?: Date;
  /** Who delivers the outbox right now (instance id) and until when: keeps two instances from posting twice. */
  deliveryLock?: { holder: string; until: Date };
  outbox: OutboxItem[];
  /** On-call severity (critical/warning/info) from config when the alert opened; `severity` above is the result's status. */
  severityLevel?: Severity;
  /** The silence (or maintenance window) holding this alert's posts now, and the last one that did. */
  mutedBy?: string;
  lastMutedBy?: string;
  /** Escalation steps of the current firing episode (reset when it fires again). */
  escalations?: EscalationEntry[];
  /** Notes added from Slack (also posted in the thread). */
  notes?: { by: string; at: Date; text: string }[];
  /** Resolved by hand: stays resolved while the check keeps failing (`holding`), until it has recovered once. */
  manualResolve?: { by: string; at: Date; holding: boolean };
  /** Copies of the root in the other channels of its route, edited along with it. */
  mirrors?: { channel: string; ts: string }[];
  /** Heal events shown on the root message (appended by the heal service). */
  heals?: { heal_id: string; by: string; at: Date; status: string; verified?: string | null }[];
}

export type StoredResult = Pick<
  CheckResult,
  'check' | 'subject' | 'status' | 'summary' | 'facts' | 'details'
> & {
  suggested_action?: CheckResult['suggested_action'];
  transition?: string;
  date?: string;
};

/** `fn` returns the new record, or `undefined` to leave the stored one as it is (no write). */
export type AlertMutation = (current: AlertRecord | undefined) => AlertRecord | undefined;

export interface AlertStore {
  get(fingerprint: string): Promise<AlertRecord | undefined>;
  /** Alerts that are not resolved, or still have something to deliver. */
  listActive(): Promise<AlertRecord[]>;
  /** Alerts first seen or resolved since `since` (history, digest). */
  listSince(since: Date): Promise<AlertRecord[]>;
  /** Atomic read-modify-write (a transaction): concurrent updates of one alert never lose each other. */
  update(fingerprint: string, fn: AlertMutation): Promise<AlertRecord | undefined>;
}

/** A lease with an expiry, taken atomically: one holder at a time across processes; a crashed holder's lease lapses. */
export interface LeaseStore {
  acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
  /** Bookkeeping of completed runs, so a bot that stopped running checks is noticed (three intervals). */
  markCompleted(name: string, at: Date): Promise<void>;
  lastCompleted(name: string): Promise<Date | undefined>;
}
