/**
 * Structured logs (pino) on stderr, so stdout stays clean for CLI output and local mode's terminal chat.
 * - Not a terminal (Cloud Run, a pipe, a file): one JSON object per line in Cloud Logging's structured
 *   format: `severity`, `message`, `time`, and the request's trace fields while a request is handled.
 * - A terminal: one readable line per entry (`log-format.ts`), written synchronously like the JSON, so
 *   log lines never split the bot's own terminal output.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { destination, type Logger as PinoLogger, pino, stdTimeFunctions } from 'pino';
import type { Config } from './config.js';
import { humanLine } from './log-format.js';

export type Logger = PinoLogger;

/** Why: tokens and secrets must never reach logs, whatever object a caller passes in. */
const REDACT = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'secret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.secret',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/** Why: Cloud Logging reads `severity` (its LogSeverity names); pino's numeric `level` shows as DEFAULT. */
export const SEVERITY: Record<string, string> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'CRITICAL',
};

/** Fields added to every entry logged while a request is handled (its trace, see `http/request-log.ts`). */
const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `fn` so that every entry it logs, synchronously or after an await, carries `fields`. */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run(fields, fn);
}

export interface LogOptions {
  /** One readable line per entry instead of JSON (default: when stderr is a terminal). */
  human?: boolean;
  /** Where entries go (default stderr); tests capture them. */
  write?: (line: string) => void;
}

export function createLogger(level: Config['logLevel'], opts: LogOptions = {}): Logger {
  const human = opts.human ?? process.stderr.isTTY === true;
  const write = opts.write ?? ((line: string) => void process.stderr.write(line));
  const stream =
    !human && !opts.write
      ? destination({ fd: 2, sync: true })
      : { write: (line: string) => write(human ? humanLine(line) : line) };
  return pino(
    {
      level,
      messageKey: 'message',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ severity: SEVERITY[label] ?? 'DEFAULT' }) },
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { app: 'pipeline-bot' },
      mixin: () => context.getStore() ?? {},
    },
    stream,
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
