/**
 * The Slack bot scopes the code uses, each with what needs it. `manifest.yml` declares exactly these (a test
 * keeps them equal) and `doctor` checks the token was granted them. Web API methods not listed need no scope
 * (`auth.test`, `chat.getPermalink`, `views.publish`).
 */
/**
 * Why a table: one source for manifest.yml (a test keeps them equal) and `doctor`, each with what needs it.
 */
export const SLACK_SCOPES: Readonly<Record<string, string>> = {
  commands: 'the /pipeline slash command',
  'chat:write': 'chat.postMessage and chat.update: alerts, threads, the digest, DM replies',
  'usergroups:read': 'usergroups.users.list: heal.allowed_usergroups',
  'channels:history':
    'conversations.history in public channels: finding a post whose answer was lost; doctor',
  'groups:history': 'conversations.history in private channels: the same',
  'files:write': 'files.uploadV2: charts in the digest thread and for /pipeline trends',
};

/** Why derived: `doctor` checks exactly the scopes the table declares. */
export const REQUIRED_SLACK_SCOPES: readonly string[] = Object.keys(SLACK_SCOPES);
