/**
 * The terminal's log format: `HH:MM:SS LEVEL message key=value …` on one line, from the JSON line pino
 * produced (so redaction and serializers apply exactly as in production).
 */

/** Why: fields every entry has, or that only mean something to Cloud Logging; not worth a terminal column. */
const HIDDEN = new Set(['time', 'severity', 'message', 'app', 'httpRequest']);
/** Why: ANSI colours only for the levels a reader must not miss. */
const COLOUR: Record<string, string> = { WARNING: '\x1b[33m', ERROR: '\x1b[31m', CRITICAL: '\x1b[31m' };
/** Why: ends the COLOUR right after the level, so only the level is coloured. */
const RESET = '\x1b[0m';

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s="]/.test(v) ? JSON.stringify(v) : v;
  if (v && typeof v === 'object' && 'message' in v)
    return JSON.stringify((v as { message: unknown }).message);
  return JSON.stringify(v);
}

/** One JSON log line → one readable line (ending in a newline). A line that is not JSON passes through. */
export function humanLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const severity = String(entry.severity ?? 'INFO');
  const level = COLOUR[severity] ? `${COLOUR[severity]}${severity.padEnd(7)}${RESET}` : severity.padEnd(7);
  const fields = Object.entries(entry)
    .filter(([k]) => !HIDDEN.has(k) && !k.startsWith('logging.googleapis.com/'))
    .map(([k, v]) => `${k}=${value(v)}`);
  return `${[time, level, String(entry.message ?? ''), ...fields].filter(Boolean).join(' ')}\n`;
}
