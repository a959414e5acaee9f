/** The one way an error becomes text for a message or a recorded field (never a stack trace). */

/** Why 500: long enough for a library's whole message, short enough for a Slack line or a BigQuery cell. */
const MAX_ERROR_CHARS = 500;

export function errText(err: unknown, max = MAX_ERROR_CHARS): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, max);
}
