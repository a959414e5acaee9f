/**
 * `pipeline-bot start`: the bot, until SIGTERM (Cloud Run) or SIGINT (Ctrl-C). Loaded by the CLI only
 * for `start`, so the other commands never load Bolt or the app's wiring.
 */
import { startApp } from './app.js';
import type { CliIo } from './cli-io.js';

type Env = Record<string, string | undefined>;

/**
 * Runs until SIGTERM (Cloud Run) or SIGINT (Ctrl-C), then stops gracefully; a second signal
 * stops at once. Exit 0 when the shutdown finished everything in flight, 1 when it cut work short.
 */
export async function startCommand(env: Env, io: CliIo): Promise<number> {
  const app = await startApp(env);
  const local = app.config.slackMode === 'none' || !!app.sandboxUrl;
  // Human lines only where a human reads stdout (Cloud Logging would file them as DEFAULT-severity text).
  const say = local || io.interactive ? io.out : () => {};
  const mode = app.sandboxUrl
    ? 'Slack sandbox; findings print here too'
    : local
      ? 'local mode: findings print here'
      : `Slack over ${app.config.slackMode}`;
  say(`pipeline-bot listening on ${app.url} (${app.config.backend} backend, ${mode}). Ctrl-C stops.`);
  if (app.sandboxUrl) say(`Slack sandbox: open ${app.sandboxUrl} to click every button and run /pipeline`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const now = () => process.exit(130);
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  say(`${signal}: finishing in-flight work (a second Ctrl-C stops at once)…`);
  const code = (await app.stop()) ? 0 : 1;
  // Why: a client library's idle socket must not keep a stopped bot alive until Cloud Run's SIGKILL.
  setTimeout(() => process.exit(code), 1000).unref();
  return code;
}
