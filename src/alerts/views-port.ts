/**
 * How alerts become chat messages: the port that views implement (views/alert-views.ts) and the wiring
 * injects, so the alert service delivers without importing views and the domain writes no Slack text.
 */
import type { Config } from '../config.js';
import type { Silence } from '../oncall/silences.js';
import type { MessageContent } from '../ports.js';
import type { ActionResult } from './lifecycle.js';
import type { AlertRecord, OutboxItem } from './types.js';

/** An outbox item told as a thread reply: a recorded note, or an old record's text. */
export type ThreadItem = Extract<OutboxItem, { kind: 'thread' | 'note' }>;

export interface AlertViews {
  /** The root message, also for its edits and its copies in a route's other channels. */
  root(a: AlertRecord, config: Config, now: Date): MessageContent;
  /** A thread reply; `tz` is the pipeline's zone. */
  thread(item: ThreadItem, tz: string): string;
  /** The direct message an escalation step sends each paged person. */
  escalationDm(a: AlertRecord, config: Config, permalink?: string): MessageContent;
  /** What fired and resolved while a silence held it. */
  silenceEnded(s: Silence, held: AlertRecord[], tz: string): MessageContent;
  /** The summary root of a storm; its members reply in its thread. */
  stormRoot(members: AlertRecord[], tz: string, now: Date): MessageContent;
  /** The answer to the person who acted on an alert. */
  actionResult(result: ActionResult, tz: string): string;
}
