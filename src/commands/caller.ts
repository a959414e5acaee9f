/** Who runs a command, and from where: the slash command (a Slack user, a channel) or the CLI. */
export interface Caller {
  userId: string;
  source: 'slash' | 'cli';
  /** The channel a slash command came from (where `trends` posts its charts). */
  channelId?: string;
}
