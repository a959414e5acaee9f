/** Structured logs (pino) on stderr, so stdout stays clean for CLI output and local-mode messages. */
import { destination, pino } from 'pino';
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
export function createLogger(level) {
    return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'pipeline-bot' } }, destination(2));
}
export const silentLogger = pino({ level: 'silent' });
//# sourceMappingURL=log.js.map