/**
 * The embedded store's native module (better-sqlite3) is an optional dependency: the container image and
 * any `npm ci --omit=optional` install leave it out, since gcp mode never needs it. When local mode
 * cannot load it, say so and how to fix it, instead of a module-resolution stack trace.
 */
import { ConfigError } from '../../config.js';
import { errText } from '../../util/error-text.js';

/** Why these: a missing package, and a package whose compiled binding is absent or built for another Node. */
const NATIVE_FAILURES = [/better-sqlite3/, /better_sqlite3\.node/, /bindings file/, /NODE_MODULE_VERSION/];

/** A ConfigError explaining the fix when `err` says the native SQLite module is unavailable, else undefined. */
export function localStoreUnavailable(err: unknown): ConfigError | undefined {
  // Whole: the patterns may sit anywhere in a long loader message.
  const message = errText(err, Number.POSITIVE_INFINITY);
  if (!NATIVE_FAILURES.some((pattern) => pattern.test(message))) return undefined;
  return new ConfigError(
    'local mode needs the embedded SQLite store (the optional dependency better-sqlite3), which could not ' +
      `be loaded: ${message.split('\n')[0]}\n` +
      'Fix: run `npm ci` (or `npm rebuild better-sqlite3`) with a C++ toolchain at hand, or run against ' +
      'Google Cloud (set GOOGLE_CLOUD_PROJECT; PIPELINE_BACKEND=gcp).',
  );
}
