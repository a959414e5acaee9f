/**
 * Doctor, Slack: the bot token is valid and belongs to `SLACK_TEAM_ID`'s workspace, it was granted every
 * scope the code uses, and the bot is a member of the alert and digest channels (read-only checks: nothing
 * is posted).
 */

import { errText } from '../util/error-text.js';
import { REQUIRED_SLACK_SCOPES } from './slack-scopes.js';
import { type CheckGroup, type DoctorCheck, fail, pass, SlackProbeError, skip } from './types.js';

/** Why a constant: every check of this group carries the same group name in the report. */
const G = 'slack';
/** Why: new scopes reach a token only through a reinstall, whatever the failure that revealed them. */
const REINSTALL =
  'reinstall the app from manifest.yml (OAuth & Permissions → Reinstall) and update SLACK_BOT_TOKEN';

function channelFix(channel: string, error: string): string {
  if (error === 'not_in_channel' || error === 'channel_not_found')
    return `invite the bot: type \`/invite @pipeline-bot\` in channel ${channel} (private channels need the invite too), or fix the channel id`;
  if (error === 'missing_scope') return REINSTALL;
  return `check the channel id ${channel} and the bot token`;
}

async function channelChecks(ctx: Parameters<CheckGroup>[0]): Promise<DoctorCheck[]> {
  const { alerts, digest } = ctx.config.channels;
  const channels = new Map<string, string[]>();
  if (alerts) channels.set(alerts, ['alert']);
  if (digest) channels.set(digest, [...(channels.get(digest) ?? []), 'digest']);
  if (channels.size === 0)
    return [
      fail(
        G,
        'channels',
        'no alert channel configured',
        'set ALERT_CHANNEL (and DIGEST_CHANNEL) to channel ids',
      ),
    ];
  const out: DoctorCheck[] = [];
  for (const [channel, roles] of channels) {
    const name = `${roles.join(' + ')} channel`;
    try {
      await ctx.slack!.channelAccess(channel);
      out.push(pass(G, name, `${channel}: the bot is a member and can post`));
    } catch (err) {
      const error = err instanceof SlackProbeError ? err.slackError : errText(err);
      out.push(fail(G, name, `${channel}: ${error}`, channelFix(channel, error)));
    }
  }
  return out;
}

export const slackChecks: CheckGroup = async (ctx) => {
  if (!ctx.slack) {
    return [
      fail(
        G,
        'token',
        'SLACK_BOT_TOKEN is not set',
        'create the Slack app from manifest.yml, install it, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET',
      ),
    ];
  }
  let identity: Awaited<ReturnType<NonNullable<typeof ctx.slack>['authTest']>>;
  try {
    identity = await ctx.slack.authTest();
  } catch (err) {
    const error = err instanceof SlackProbeError ? err.slackError : errText(err);
    return [
      fail(
        G,
        'auth.test',
        `the token was refused: ${error}`,
        `set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…)`,
      ),
    ];
  }
  const out: DoctorCheck[] = [];
  const expectedTeam = ctx.config.slack.teamId;
  const who = `@${identity.user ?? 'bot'} in ${identity.team ?? identity.teamId} (${identity.teamId})`;
  if (!expectedTeam)
    out.push(
      fail(
        G,
        'auth.test',
        `${who}; SLACK_TEAM_ID is not set`,
        `set SLACK_TEAM_ID=${identity.teamId} so requests from other workspaces are refused`,
      ),
    );
  else if (expectedTeam !== identity.teamId)
    out.push(
      fail(
        G,
        'auth.test',
        `${who}, but SLACK_TEAM_ID is ${expectedTeam}`,
        `use the token of workspace ${expectedTeam}, or set SLACK_TEAM_ID=${identity.teamId}`,
      ),
    );
  else out.push(pass(G, 'auth.test', who));

  if (!identity.scopes)
    out.push(skip(G, 'scopes', 'Slack sent no x-oauth-scopes header; cannot check the scopes'));
  else {
    const missing = REQUIRED_SLACK_SCOPES.filter((s) => !identity.scopes!.includes(s));
    out.push(
      missing.length
        ? fail(G, 'scopes', `missing ${missing.join(', ')}`, REINSTALL)
        : pass(G, 'scopes', `granted: ${REQUIRED_SLACK_SCOPES.join(', ')}`),
    );
  }
  return [...out, ...(await channelChecks(ctx))];
};
