/**
 * The one escaping function for untrusted text that enters Slack mrkdwn (user input, Firestore and
 * BigQuery data, error messages): `&`, `<`, `>` become entities, so `<!channel>`, `<@U…>`, `<#C…>` and
 * `<https://…|…>` render as text instead of pinging people or hiding a link. Pure, no Slack import.
 */

/** Why 60: enough to recognise what was typed, short enough that a reply never echoes a payload. */
export const INPUT_EXCERPT_CHARS = 60;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The first `max` characters of `text` (… when cut), newlines flattened. Not escaped. */
export function excerpt(text: string, max = INPUT_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** User input quoted back in a reply: a short excerpt, escaped. */
export function quoteInput(text: string): string {
  return escapeMrkdwn(excerpt(text));
}

/** Why this shape: Slack user ids (`U…`, `W…` for Enterprise Grid) are upper-case letters and digits. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/** `<@U123>` for a Slack user id, `@name` (escaped) for anything else: a CLI user, the bot, a stored oddity. */
export function mention(user: string): string {
  return SLACK_USER_ID.test(user) ? `<@${user}>` : `@${escapeMrkdwn(excerpt(user, 64))}`;
}

/** `<!subteam^S…>` pings a Slack user group; ids are validated at config load (so never user input). */
export function mentionUsergroup(id: string): string {
  return `<!subteam^${id}>`;
}
