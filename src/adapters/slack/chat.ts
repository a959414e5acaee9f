/**
 * Chat over the Slack Web API: bounded retries (429 Retry-After honoured by the WebClient), and about one
 * message per second per channel, Slack's posting limit.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Chat, ChatMessage, PostedMessage } from '../../ports.js';
import { boltLogger, SLACK_RETRY } from './bolt.js';

/** Why 1 s: chat.postMessage allows ~1 message per second per channel; bursts beyond that get 429s. */
export const DEFAULT_MIN_POST_INTERVAL_MS = 1000;

export class SlackChat implements Chat {
  private readonly client: WebClient;
  private readonly lanes = new Map<string, Promise<unknown>>();
  private readonly lastPost = new Map<string, number>();

  constructor(
    token: string,
    opts: { apiUrl?: string; minPostIntervalMs?: number; client?: WebClient; log?: Logger } = {},
    private readonly minInterval = opts.minPostIntervalMs ?? DEFAULT_MIN_POST_INTERVAL_MS,
  ) {
    this.client =
      opts.client ??
      new WebClient(token, {
        ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
        retryConfig: SLACK_RETRY,
        timeout: 10_000,
        // The Web API's own messages go to our structured log (redacted), not to the console.
        ...(opts.log ? { logger: boltLogger(opts.log) } : {}),
      });
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
      const res = await this.client.chat.postMessage({
        channel: m.channel,
        text: m.text,
        ...(m.blocks ? { blocks: m.blocks } : {}),
        ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
        unfurl_links: false,
      });
      if (!res.ts) throw new Error('chat.postMessage returned no ts');
      return { channel: res.channel ?? m.channel, ts: res.ts };
    });
  }

  async update(m: ChatMessage & { ts: string }): Promise<void> {
    await this.client.chat.update({
      channel: m.channel,
      ts: m.ts,
      text: m.text,
      ...(m.blocks ? { blocks: m.blocks } : {}),
    });
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
