/**
 * Slack in the browser for local mode (issue 14). `createSandbox` returns the config the bot runs with —
 * Slack over HTTP with a generated signing secret and bot token, the Web API at the sandbox's in-process
 * implementation — and the listener that serves the page in front of the bot's routes. The bot itself
 * runs unchanged: the same Bolt receiver, listeners, services and views as with a real workspace.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { KnownBlock } from '@slack/types';
import { TerminalChat } from '../adapters/local/terminal-chat.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock } from '../ports.js';
import type { Team } from './payloads.js';
import { loadWorkspaceData, persistWorkspace } from './persist.js';
import { sandboxListener } from './routes.js';
import { type SandboxChannel, type SandboxUser, Workspace } from './workspace.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Why fixed ids: the page, the tests and the README name them; nothing outside the sandbox sees them. */
export const SANDBOX_TEAM: Team = { id: 'T0SANDBOX', domain: 'pipeline-sandbox', appId: 'A0PIPEBOT' };
/**
 * Why fixed: the bot's user id in the sandbox, as the tests expect it; nothing outside the sandbox sees it.
 */
export const SANDBOX_BOT_USER = 'U0PIPEBOT';
/** Why two users: the on-call engineer (allowed to heal) and someone who is not, to see permissions work. */
export const SANDBOX_HEALER = 'U0ONCALL';
/** Why a second user: someone not allowed to heal, to see a refusal. */
export const SANDBOX_VISITOR = 'U0VISITOR';
/** Why: channel ids used when the config names none (local mode's default config names none). */
const DEFAULT_ALERTS = 'C0ALERTS';
/** Why its own id: with no configured channels the digest gets a channel apart from the alerts. */
const DEFAULT_DIGEST = 'C0DIGEST';

export interface Sandbox {
  /** The config the bot runs with in the sandbox. */
  config: Config;
  /** The page: `<base>/`. */
  url: string;
  workspace: Workspace;
  listener(inner: Listener): Listener;
  /** Writes the workspace file now (at shutdown). */
  close(): void;
}

/** The page's files: next to this module in the sources, or the sources' copy when running from dist/. */
function pageDir(): string {
  const here = fileURLToPath(new URL('./page/', import.meta.url));
  return existsSync(here) ? here : fileURLToPath(new URL('../../../src/sandbox/page/', import.meta.url));
}

export function createSandbox(
  config: Config,
  baseUrl: string,
  opts: { log: Logger; clock: Clock; out?: (line: string) => void },
): Sandbox {
  const { log, out } = opts;
  const { allowed_users, allowed_usergroups } = config.heal;
  const healerId = allowed_users[0] ?? SANDBOX_HEALER;
  const users: SandboxUser[] = [
    { id: healerId, name: 'ada', role: 'on-call, allowed to heal' },
    { id: SANDBOX_VISITOR, name: 'sam', role: 'not allowed to heal' },
  ];
  const alerts = config.channels.alerts ?? DEFAULT_ALERTS;
  const digest = config.channels.alerts ? (config.channels.digest ?? alerts) : DEFAULT_DIGEST;
  const channels: SandboxChannel[] = [
    { id: alerts, name: 'pipeline-alerts' },
    ...(digest !== alerts ? [{ id: digest, name: 'pipeline-digest' }] : []),
  ];
  const workspace = new Workspace(
    {
      teamId: SANDBOX_TEAM.id,
      timezone: config.timezone,
      now: () => opts.clock.now(),
      teamName: 'Pipeline sandbox',
      botUserId: SANDBOX_BOT_USER,
      users,
      channels,
      usergroups: Object.fromEntries(allowed_usergroups.map((g) => [g, [healerId]])),
    },
    loadWorkspaceData(config.dataDir, log),
  );
  const saved = persistWorkspace(workspace, config.dataDir, log);
  const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(32).toString('hex');
  if (out) echoToTerminal(workspace, new TerminalChat(out));
  const sandboxConfig: Config = {
    ...config,
    slack: { botToken, signingSecret, apiUrl: `${baseUrl}/sandbox/api/`, teamId: SANDBOX_TEAM.id },
    slackMode: 'http',
    channels: { alerts, digest },
    // With no heal permissions configured, the sandbox's on-call user is the one allowed to heal.
    heal:
      allowed_users.length || allowed_usergroups.length
        ? config.heal
        : { ...config.heal, allowed_users: [healerId] },
  };
  const wiring = { workspace, team: SANDBOX_TEAM, baseUrl, botToken, signingSecret, pageDir: pageDir(), log };
  return {
    config: sandboxConfig,
    url: `${baseUrl}/`,
    workspace,
    listener: (inner) => sandboxListener(wiring, inner),
    close: () => saved.flush(),
  };
}

/** The terminal keeps showing what the bot posts in channels, as local mode always did. */
function echoToTerminal(workspace: Workspace, terminal: TerminalChat): void {
  workspace.subscribe((e) => {
    if (e.kind !== 'message' || e.message.visibleTo || e.message.user !== workspace.init.botUserId) return;
    if (workspace.channel(e.message.channel).dmWith) return;
    const blocks = e.message.blocks as KnownBlock[] | undefined;
    const m = { channel: e.message.channel, text: e.message.text, ...(blocks ? { blocks } : {}) };
    if (e.message.edited) void terminal.update({ ...m, ts: e.message.ts });
    else void terminal.post({ ...m, ...(e.message.thread_ts ? { threadTs: e.message.thread_ts } : {}) });
  });
}
