/**
 * The doctor's view of Slack over the Web API, read-only: `auth.test` (team and the granted scopes from the
 * `x-oauth-scopes` header) and `conversations.history` with `limit: 1` as the membership check (it answers
 * `not_in_channel` / `channel_not_found` where the bot cannot post without `chat:write.public`). No retries:
 * the doctor reports what Slack answers now.
 */
import { WebClient } from '@slack/web-api';
import { type SlackIdentity, type SlackProbe, SlackProbeError } from '../../doctor/types.js';

/** Why 10 s: a Web API call answers in well under a second; a hung one must not hang the doctor. */
const TIMEOUT_MS = 10_000;

function slackError(err: unknown): never {
  const data = (err as { data?: { error?: string } }).data;
  if (data?.error) throw new SlackProbeError(data.error);
  throw err;
}

export class SlackWebProbe implements SlackProbe {
  private readonly client: WebClient;

  constructor(token: string, apiUrl?: string) {
    this.client = new WebClient(token, {
      ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
      retryConfig: { retries: 0 },
      timeout: TIMEOUT_MS,
      rejectRateLimitedCalls: true,
    });
  }

  async authTest(): Promise<SlackIdentity> {
    const res = await this.client.auth.test().catch(slackError);
    return {
      teamId: res.team_id ?? '',
      team: res.team,
      user: res.user,
      scopes: res.response_metadata?.scopes,
    };
  }

  async channelAccess(channel: string): Promise<void> {
    await this.client.conversations.history({ channel, limit: 1 }).catch(slackError);
  }
}
