/**
 * Chat over the Slack Web API: bounded retries (429 Retry-After honoured by the WebClient), and about one
 * message per second per channel, Slack's posting limit.
 */
import { ErrorCode, WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Chat, ChatFile, ChatMessage, FindPosted, PostedMessage } from '../../ports.js';
import { boltLogger, SLACK_RETRY } from './bolt.js';

/** Why: the `event_type` of the message metadata that carries a keyed post's key (an alert fingerprint). */
export const KEY_METADATA_TYPE = 'pipeline_bot_alert';
/** Why 200: a channel gets far fewer posts than that between a lost answer and the next tick. */
const HISTORY_LOOKBACK_MESSAGES = 200;
/** Why 60 s: Slack's `ts` and our clock may disagree a little. */
const HISTORY_SLACK_SECONDS = 60;

/** Why 1 s: chat.postMessage allows ~1 message per second per channel; bursts beyond that get 429s. */
export const DEFAULT_MIN_POST_INTERVAL_MS = 1000;

export class SlackChat implements Chat {
  private readonly client: WebClient;
  /** Keyed posts are not idempotent: one attempt, no client retry; a lost answer is looked up instead. */
  private readonly once: WebClient;
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly lastPost = new Map<string, number>();

  constructor(
    token: string,
    opts: { apiUrl?: string; minPostIntervalMs?: number; client?: WebClient; log?: Logger } = {},
    private readonly minInterval = opts.minPostIntervalMs ?? DEFAULT_MIN_POST_INTERVAL_MS,
  ) {
    const clientOptions = (retries: number) => ({
      ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
      retryConfig: { ...SLACK_RETRY, retries },
      timeout: 10_000,
      // The Web API's own messages go to our structured log (redacted), not to the console.
      ...(opts.log ? { logger: boltLogger(opts.log) } : {}),
    });
    this.client = opts.client ?? new WebClient(token, clientOptions(SLACK_RETRY.retries));
    this.once = opts.client ?? new WebClient(token, { ...clientOptions(0), rejectRateLimitedCalls: true });
  }

  /** Serialises posts per channel and spaces them by the minimum interval. */
  private paced<T>(channel: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.lanes.get(channel) ?? Promise.resolve();
    const run = prev
      .catch(() => {})
      .then(async () => {
        const wait = (this.lastPost.get(channel) ?? 0) + this.minInterval - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        try {
          return await fn();
        } finally {
          this.lastPost.set(channel, Date.now());
        }
      });
    this.lanes.set(channel, run);
    return run;
  }

  async post(m: ChatMessage): Promise<PostedMessage> {
    return this.paced(m.channel, async () => {
      const args = {
        channel: m.channel,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        ...(m.key
          ? { metadata: { event_type: KEY_METADATA_TYPE, event_payload: { fingerprint: m.key } } }
          : {}),
        unfurl_links: false,
      };
      const res = m.key
        ? await this.postOnce(() => this.once.chat.postMessage(args))
        : await this.client.chat.postMessage(args);
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return { channel: res.channel ?? m.channel, ts: res.ts };
    });
  }

  /**
   * A keyed post is sent once: a timeout or a dropped connection may have posted it, so it is not resent
   * here (the alert service looks it up next time). Only a 429 — Slack's word that nothing was posted —
   * is retried, after Retry-After, a bounded number of times.
   */
  private async postOnce<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== ErrorCode.RateLimitedError || attempt >= SLACK_RETRY.retries) throw err;
        const waitMs = Math.min((e.retryAfter ?? 1) * 1000, SLACK_RETRY.maxTimeout);
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }

  async update(m: ChatMessage & { ts: string }): Promise<void> {
    await this.client.chat.update({
      channel: m.channel,
      ts: m.ts,
      text: m.text,
      ...(m.blocks ? { blocks: m.blocks } : {}),
    });
  }

  /** files.uploadV2 (get an upload URL, send the bytes, complete into the channel or thread). */
  async upload(f: ChatFile): Promise<void> {
    const common = { file: f.data, filename: f.filename, title: f.title, alt_text: f.altText };
    await this.paced(f.channel, () =>
      f.threadTs
        ? this.client.files.uploadV2({ ...common, channel_id: f.channel, thread_ts: f.threadTs })
        : this.client.files.uploadV2({ ...common, channel_id: f.channel }),
    );
  }

  async findPosted(q: FindPosted): Promise<PostedMessage | undefined> {
    const common = {
      channel: q.channel,
      oldest: String(Math.floor(q.since.getTime() / 1000) - HISTORY_SLACK_SECONDS),
      include_all_metadata: true,
      limit: HISTORY_LOOKBACK_MESSAGES,
    };
    const res = q.threadTs
      ? await this.client.conversations.replies({ ...common, ts: q.threadTs })
      : await this.client.conversations.history(common);
    const found = (res.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === KEY_METADATA_TYPE &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.fingerprint === q.key,
    );
    return found?.ts ? { channel: q.channel, ts: found.ts } : undefined;
  }

  async usergroupMembers(usergroupId: string): Promise<string[]> {
    const res = await this.client.usergroups.users.list({ usergroup: usergroupId });
    return res.users ?? [];
  }

  async permalink(m: PostedMessage): Promise<string | undefined> {
    const res = await this.client.chat.getPermalink({ channel: m.channel, message_ts: m.ts });
    return res.permalink;
  }
}
