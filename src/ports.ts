/**
 * Ports: the small interfaces that checks, alert logic and heal logic talk to.
 * Adapters (Firestore, SQLite, BigQuery, Cloud Scheduler, Slack) implement them; nothing outside
 * `src/adapters/` touches a Google or Slack client.
 */
import type { CompletionDoc, IsoDate } from './pipeline/types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface DocRef {
  collection: string;
  date: IsoDate;
}

export interface CompletionStore {
  /** Reads every requested document in ONE batched call; missing documents come back with `exists: false`. */
  getMany(refs: DocRef[]): Promise<CompletionDoc[]>;
  /** Cheap round trip for `/readyz`. */
  ping(): Promise<void>;
}

export interface ScheduleSource {
  /**
   * Number of scheduled games per date. An adapter backed by a schedule returns an entry (0 included) for
   * every requested date; a date absent from the map is "unknown" and treated as a game date.
   */
  gamesOn(dates: IsoDate[]): Promise<Map<IsoDate, number>>;
}

/** A dependency that `/readyz` asks. */
export interface Probe {
  name: string;
  ping(): Promise<void>;
}

/** A posted Slack message (or its local-mode stand-in). */
export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface ChatMessage {
  channel: string;
  text: string;
  blocks?: import('@slack/types').KnownBlock[];
  /** Reply in the thread of this root message. */
  threadTs?: string;
  /**
   * Identifies the message across attempts (an alert's fingerprint): carried with the message, so a post
   * whose answer was lost can be found and adopted instead of posted again. A keyed post is attempted once.
   */
  key?: string;
}

/** What a message says, as views render it (fallback text and Block Kit), before it has a channel. */
export type MessageContent = Pick<ChatMessage, 'text' | 'blocks'>;

export interface FindPosted {
  channel: string;
  /** Look among the replies of this thread instead of the channel's top level. */
  threadTs?: string;
  key: string;
  /** The earliest time the message can have been posted. */
  since: Date;
}

/** A file (a chart) for a channel or a thread. */
export interface ChatFile {
  channel: string;
  threadTs?: string;
  filename: string;
  title: string;
  /** What the picture shows, in words (screen readers; the text fallback). */
  altText: string;
  data: Buffer;
}

/**
 * Chat: Slack in production (bounded retries, Retry-After honoured, ~1 message/s per channel), the
 * terminal in local mode, a fake in tests.
 */
export interface Chat {
  post(message: ChatMessage): Promise<PostedMessage>;
  update(message: ChatMessage & { ts: string }): Promise<void>;
  /** Members of a Slack user group (for heal permissions). */
  usergroupMembers(usergroupId: string): Promise<string[]>;
  /** A link to a message, when the chat has such a thing. */
  permalink?(message: PostedMessage): Promise<string | undefined>;
  /** Attaches a file (Slack: `files.uploadV2`, scope `files:write`; local mode: a file under DATA_DIR/charts/). */
  upload?(file: ChatFile): Promise<void>;
  /** A message posted earlier with `key`, if the chat can look it up (Slack: message metadata). */
  findPosted?(query: FindPosted): Promise<PostedMessage | undefined>;
}
