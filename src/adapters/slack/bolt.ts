/** Builds the Bolt app: HTTP receiver at POST /slack/events, or Socket Mode with SLACK_APP_TOKEN. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger as BoltLogger } from '@slack/bolt';
// Why deep imports: `@slack/bolt`'s index also loads the Express, HTTP and AWS Lambda receivers (~160 ms of
// a ~1 s cold start) that this bot never uses. The version is pinned exactly in package.json for that reason.
import appModule, { LogLevel } from '@slack/bolt/dist/App.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { GuardedReceiver } from './receiver.js';

/** Node gives a CommonJS module's `exports` as the default import; bundler-style loaders (vitest) unwrap it. */
function cjsDefault<T>(mod: { default: T }): T {
  return (mod as { default?: T }).default ?? (mod as unknown as T);
}
const App = cjsDefault(appModule);
type App = InstanceType<typeof App>;

export class WrongWorkspaceError extends Error {
  readonly code = 'WRONG_WORKSPACE';
}

/** Why bounded: the WebClient default retries for ~30 minutes, far past any useful alert. */
export const SLACK_RETRY = {
  retries: 3,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 5000,
  randomize: true,
} as const;

export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level = LogLevel.INFO;
  return {
    debug: (...m) => child.debug(m.map(String).join(' ')),
    info: (...m) => child.info(m.map(String).join(' ')),
    warn: (...m) => child.warn(m.map(String).join(' ')),
    error: (...m) => child.error(m.map(String).join(' ')),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface BoltApp {
  app: App;
  /** HTTP mode: the listener for `POST /slack/events`, mounted on the bot's own server. */
  listener?: (req: IncomingMessage, res: ServerResponse) => void;
}

export function createBoltApp(config: Config, log: Logger): BoltApp {
  const { slack } = config;
  if (!slack.botToken) throw new Error('createBoltApp needs SLACK_BOT_TOKEN');
  const botToken = slack.botToken;
  // authorize (rather than `token`) skips the auth.test call at start-up (faster cold start) and is where
  // requests from another workspace are refused: Bolt answers 401 when authorize throws.
  const authorize = async ({ teamId, enterpriseId }: { teamId?: string; enterpriseId?: string }) => {
    if (slack.teamId && teamId !== slack.teamId) {
      throw new WrongWorkspaceError(
        `request from workspace ${teamId ?? enterpriseId ?? 'unknown'} refused (expected ${slack.teamId})`,
      );
    }
    return { botToken };
  };
  const common = {
    authorize,
    logger: boltLogger(log),
    clientOptions: {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      retryConfig: SLACK_RETRY,
      timeout: 10_000,
    },
  };
  if (config.slackMode === 'socket') {
    return { app: new App({ ...common, appToken: slack.appToken, socketMode: true }) };
  }
  // Our own server listens before Bolt is even loaded (cold start); the receiver only handles Slack's path,
  // answers at ack() and lets listeners go on after the HTTP response (Slack's 3-second limit).
  const receiver = new GuardedReceiver({
    signingSecret: slack.signingSecret!,
    maxBodyBytes: config.limits.max_body_bytes,
    log,
  });
  return { app: new App({ ...common, receiver }), listener: receiver.listener };
}

/** Why /slack/events: the one path SPEC §7 gives Slack, and the one manifest.yml points to. */
export const SLACK_EVENTS_PATH = '/slack/events';
