/**
 * `pipeline-bot doctor` (and `/pipeline doctor`): each production prerequisite as a verdict with the fix.
 * Slack-free and Google-free: check groups talk to the ports below; views render the report.
 */
import type { Config } from '../config.js';
import type { CompletionStore } from '../ports.js';
import type { SchedulerAdmin, WarehouseAdmin } from '../setup/ports.js';
import type { TableSchema } from '../warehouse/table-schema.js';

/** `warn`: passed as far as it could be checked; the detail says what could not be. */
export type Verdict = 'pass' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  /** `config`, `slack`, `firestore`, `bigquery`, `scheduler`, `heal`. */
  group: string;
  name: string;
  verdict: Verdict;
  detail: string;
  /** What to do about a failure, in words an operator can act on. */
  fix?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** No check failed. */
  ok: boolean;
}

/** A Web API failure as Slack names it (`invalid_auth`, `not_in_channel`, `channel_not_found`, …). */
export class SlackProbeError extends Error {
  constructor(readonly slackError: string) {
    super(slackError);
    this.name = 'SlackProbeError';
  }
}

export interface SlackIdentity {
  teamId: string;
  team?: string;
  /** The bot user's name. */
  user?: string;
  /** Granted scopes (the `x-oauth-scopes` response header); undefined when Slack sent none. */
  scopes?: string[];
}

export interface SlackProbe {
  /** `auth.test`. Throws `SlackProbeError` on an `ok: false` answer. */
  authTest(): Promise<SlackIdentity>;
  /** Resolves when the bot is a member of the channel (can post and read it); throws `SlackProbeError`. */
  channelAccess(channel: string): Promise<void>;
}

/** One query of the bot submitted with `dryRun: true`. */
export interface QueryDryRun {
  name: string;
  bytes?: number;
  error?: string;
}

export interface WarehouseProbe {
  admin: WarehouseAdmin;
  dryRuns(): Promise<QueryDryRun[]>;
  maximumBytesBilled: number;
}

/** A `pubsub` heal's topic as Pub/Sub answered for the bot's credentials. */
export type TopicAccess =
  | { state: 'missing' }
  | { state: 'found'; publish: boolean }
  /** Found, but the publish permission could not be tested (the emulator has no testIamPermissions). */
  | { state: 'found'; publish: 'unchecked'; reason: string };

/** What the `heal` group asks of Google Cloud; nothing here starts a phase. */
export interface HealProbe {
  /** The topic (`projects/{p}/topics/{t}`) and whether the bot holds `pubsub.topics.publish` on it. */
  topicAccess(topic: string): Promise<TopicAccess>;
  /** Mints a Google ID token for the audience and drops it (never sends it); throws when none can be had. */
  idToken(audience: string): Promise<void>;
}

/** What the check groups are given; an absent port means that part is not configured. */
export interface DoctorContext {
  config: Config;
  now: Date;
  slack?: SlackProbe;
  completions?: CompletionStore;
  warehouse?: WarehouseProbe;
  scheduler?: SchedulerAdmin;
  heals?: HealProbe;
  /** The tables the bot writes (the schema source). */
  tables: TableSchema[];
}

export type CheckGroup = (ctx: DoctorContext) => Promise<DoctorCheck[]>;

export const pass = (group: string, name: string, detail: string): DoctorCheck => ({
  group,
  name,
  verdict: 'pass',
  detail,
});
export const fail = (group: string, name: string, detail: string, fix: string): DoctorCheck => ({
  group,
  name,
  verdict: 'fail',
  detail,
  fix,
});
export const warn = (group: string, name: string, detail: string): DoctorCheck => ({
  group,
  name,
  verdict: 'warn',
  detail,
});
export const skip = (group: string, name: string, detail: string): DoctorCheck => ({
  group,
  name,
  verdict: 'skip',
  detail,
});
