/**
 * Reads the context of a dead-lettered message: the game date, the processor and the error, from the
 * JSON body (the orchestrators publish `{"game_date": …, "processor": …}`) or the attributes.
 */
import type { DeadLetter, DlqContext } from './types.js';

/** Why these keys: the names the orchestrators and processors use in their trigger messages. */
const DATE_KEYS = ['game_date', 'date', 'analysis_date'];
/** Why these keys: the names the orchestrators and processors use for the processor in their messages. */
const PROCESSOR_KEYS = ['processor', 'processor_name', 'phase'];
/** Why these keys: the names the orchestrators and processors use for the error in their messages. */
const ERROR_KEYS = ['error', 'error_message', 'failure_reason'];

/** Why: an ISO date and nothing else; anything longer (a timestamp) keeps only its date part. */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})/;

function body(data: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function pick(sources: Record<string, unknown>[], keys: string[]): string | null {
  for (const source of sources) {
    for (const key of keys) {
      const value = source[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
      if (typeof value === 'number') return String(value);
    }
  }
  return null;
}

export function parseContext(message: Pick<DeadLetter, 'data' | 'attributes'>): DlqContext {
  const sources = [body(message.data), message.attributes];
  const rawDate = pick(sources, DATE_KEYS);
  return {
    game_date: rawDate?.match(ISO_DATE)?.[1] ?? null,
    processor: pick(sources, PROCESSOR_KEYS),
    error: pick(sources, ERROR_KEYS),
  };
}
