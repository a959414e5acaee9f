/**
 * The sandbox's HTTP surface, in front of the bot's own routes (loopback only; everything else falls
 * through to the bot): the page and its files, its state and live events (SSE), the page's commands and
 * clicks and modal submissions (turned into signed Slack requests to `/slack/events`), and the in-process Web API and
 * response_urls the bot calls back.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { json } from '../http/routes.js';
import type { Logger } from '../log.js';
import { errText } from '../util/error-text.js';
import { HttpError, isLoopback, readBody, readPageJson } from './http.js';
import {
  appHomeOpenedBody,
  blockActionsBody,
  type PageAction,
  sendSigned,
  slashCommandBody,
  type Team,
  type ViewValues,
  viewPayloadBody,
} from './payloads.js';
import { callWebApi, decodeApiBody, respondTo } from './web-api.js';
import type { Workspace } from './workspace.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface SandboxWiring {
  workspace: Workspace;
  team: Team;
  /** The bot's own base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  botToken: string;
  signingSecret: string;
  pageDir: string;
  log: Logger;
}

/** Why a fixed list: only the page's own files are served, never a path taken from the request. */
const PAGE_FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'sandbox.css': 'text/css; charset=utf-8',
  'sandbox.js': 'text/javascript; charset=utf-8',
  'blocks.js': 'text/javascript; charset=utf-8',
  'dom.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'modal.js': 'text/javascript; charset=utf-8',
};

/** Why: the page's scripts and styles come from this server only; nothing inline, no remote content. */
const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function sandboxListener(w: SandboxWiring, inner: Listener): Listener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if ((path !== '/' && !path.startsWith('/sandbox/')) || !isLoopback(req)) return inner(req, res);
    handle(w, req, res, path).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) w.log.error({ err, path }, 'sandbox request failed');
      if (!res.headersSent) json(res, status, { ok: false, error: errText(err) });
    });
  };
}

async function handle(w: SandboxWiring, req: IncomingMessage, res: ServerResponse, path: string) {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    if (path === '/') return servePage(w, res, 'index.html');
    if (path === '/sandbox/users') return json(res, 200, w.workspace.users);
    if (path === '/sandbox/state') return json(res, 200, w.workspace.snapshot(userOf(w, req).id));
    if (path === '/sandbox/events') return streamEvents(w, req, res);
    const file = path.slice('/sandbox/'.length);
    if (file in PAGE_FILES) return servePage(w, res, file);
    throw new HttpError(404, 'not found');
  }
  if (method !== 'POST') throw new HttpError(405, 'method not allowed');
  if (path.startsWith('/sandbox/api/')) return webApi(w, req, res, path.slice('/sandbox/api/'.length));
  if (path.startsWith('/sandbox/respond/')) {
    const body = decodeApiBody(await readBody(req), req.headers['content-type']);
    const answer = respondTo(w.workspace, path.slice('/sandbox/respond/'.length), body);
    return json(res, answer.ok ? 200 : 404, answer);
  }
  const input = await readPageJson(req);
  const user = w.workspace.users.find((u) => u.id === input.user);
  if (!user) throw new HttpError(400, 'unknown user');
  if (path === '/sandbox/command') return command(w, res, user, input);
  if (path === '/sandbox/action') return action(w, res, user, input);
  if (path === '/sandbox/dismiss') {
    // Only one's own ephemeral messages can be dismissed, as in Slack.
    const m = w.workspace.find(String(input.channel), String(input.ts), user.id);
    if (m?.visibleTo !== user.id) throw new HttpError(404, 'no such ephemeral message');
    w.workspace.delete(m.channel, m.ts, user.id);
    return json(res, 200, { ok: true });
  }
  if (path === '/sandbox/view/submit' || path === '/sandbox/view/close') {
    const opened = w.workspace.view(String(input.view_id), user.id);
    if (!opened) throw new HttpError(404, 'That form is not open any more.');
    if (path === '/sandbox/view/close') return closeView(w, res, user, opened);
    return submitView(w, res, user, opened, input.values);
  }
  if (path === '/sandbox/home') {
    return forward(w, res, appHomeOpenedBody(w.team, user, w.workspace.init.botUserId));
  }
  throw new HttpError(404, 'not found');
}

function userOf(w: SandboxWiring, req: IncomingMessage) {
  const id = new URL(req.url ?? '/', 'http://sandbox').searchParams.get('user');
  const user = w.workspace.users.find((u) => u.id === id);
  if (!user) throw new HttpError(400, 'unknown user');
  return user;
}

async function servePage(w: SandboxWiring, res: ServerResponse, file: string) {
  const content = await readFile(join(w.pageDir, file));
  res.writeHead(200, {
    'content-type': PAGE_FILES[file]!,
    'cache-control': 'no-store',
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
  });
  res.end(content);
}

function streamEvents(w: SandboxWiring, req: IncomingMessage, res: ServerResponse) {
  const user = userOf(w, req);
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');
  const stop = w.workspace.subscribe((e) => {
    if (w.workspace.visibleTo(e, user.id)) res.write(`data: ${JSON.stringify(e)}\n\n`);
  });
  req.on('close', stop);
}

async function webApi(w: SandboxWiring, req: IncomingMessage, res: ServerResponse, method: string) {
  const args = decodeApiBody(await readBody(req), req.headers['content-type']);
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? args.token;
  if (token !== w.botToken) return json(res, 200, { ok: false, error: 'invalid_auth' });
  const answer = callWebApi(w.workspace, method, args, `${w.baseUrl}/`);
  if (!answer.ok) w.log.warn({ method, error: answer.error }, 'sandbox Web API call refused');
  json(res, 200, answer);
}

function command(
  w: SandboxWiring,
  res: ServerResponse,
  user: Workspace['users'][number],
  input: Record<string, unknown>,
) {
  const m = /^(\/\S+)\s*([\s\S]*)$/.exec(String(input.text ?? '').trim());
  if (!m) throw new HttpError(400, 'Only slash commands reach the bot here: try /pipeline help');
  if (m[1] !== '/pipeline') throw new HttpError(400, `${m[1]} is not a valid command. Try /pipeline help`);
  const channel = w.workspace.channel(String(input.channel ?? ''));
  const responseUrl = `${w.baseUrl}/sandbox/respond/${w.workspace.responseUrlId({ channel: channel.id, user: user.id })}`;
  return forward(
    w,
    res,
    slashCommandBody(w.team, user, channel, m[1], m[2]!, responseUrl, w.workspace.issueTrigger(user.id)),
  );
}

function action(
  w: SandboxWiring,
  res: ServerResponse,
  user: Workspace['users'][number],
  input: Record<string, unknown>,
) {
  const act = input.action as PageAction | undefined;
  if (!act || typeof act.action_id !== 'string' || typeof act.type !== 'string') {
    throw new HttpError(400, 'missing action');
  }
  if (input.home === true) {
    const view = w.workspace.snapshot(user.id).home;
    if (!view) throw new HttpError(404, 'no App Home view published for this user');
    return forward(
      w,
      res,
      blockActionsBody(w.team, user, { kind: 'home', view }, act, w.workspace.issueTrigger(user.id)),
    );
  }
  const message = w.workspace.find(String(input.channel), String(input.ts), user.id);
  if (!message) throw new HttpError(404, 'message not found');
  const id = w.workspace.responseUrlId({ channel: message.channel, user: user.id, messageTs: message.ts });
  const where = {
    kind: 'message' as const,
    message,
    channelName: w.workspace.channel(message.channel).name,
    responseUrl: `${w.baseUrl}/sandbox/respond/${id}`,
  };
  return forward(w, res, blockActionsBody(w.team, user, where, act, w.workspace.issueTrigger(user.id)));
}

/** Sends a signed request to the bot's `/slack/events` and tells the page how the bot answered. */
async function forward(w: SandboxWiring, res: ServerResponse, req: { body: string; contentType: string }) {
  const answer = await sendSigned(`${w.baseUrl}/slack/events`, w.signingSecret, req);
  if (answer.status !== 200) w.log.warn({ status: answer.status }, 'the bot refused a sandbox request');
  json(res, 200, { ok: answer.status === 200, status: answer.status });
}

type User = Workspace['users'][number];
type Opened = NonNullable<ReturnType<Workspace['view']>>;

/**
 * A modal's submit: the bot's ack decides — `response_action: errors` keeps it open with the messages
 * under their inputs (sent to the page), an empty ack closes it. Other response actions are not drawn.
 */
async function submitView(
  w: SandboxWiring,
  res: ServerResponse,
  user: User,
  opened: Opened,
  values: unknown,
) {
  if (typeof values !== 'object' || values === null) throw new HttpError(400, 'missing values');
  const triggerId = w.workspace.issueTrigger(user.id);
  const req = viewPayloadBody(w.team, user, opened, {
    type: 'view_submission',
    values: values as ViewValues,
    triggerId,
  });
  const answer = await sendSigned(`${w.baseUrl}/slack/events`, w.signingSecret, req);
  if (answer.status !== 200) {
    w.log.warn({ status: answer.status }, 'the bot refused a sandbox view submission');
    return json(res, 200, { ok: false, error: `the bot answered HTTP ${answer.status}` });
  }
  const ack = parseAck(answer.body);
  if (ack?.response_action === 'errors' && typeof ack.errors === 'object' && ack.errors !== null) {
    return json(res, 200, { ok: true, errors: ack.errors });
  }
  if (ack?.response_action && ack.response_action !== 'clear') {
    return json(res, 200, {
      ok: false,
      error: `response_action ${String(ack.response_action)} is not drawn by the sandbox`,
    });
  }
  w.workspace.closeView(opened.id);
  return json(res, 200, { ok: true });
}

function parseAck(body: string): Record<string, unknown> | undefined {
  if (!body.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Close (Cancel or Escape): the bot hears `view_closed` only if the view asked (`notify_on_close`). */
async function closeView(w: SandboxWiring, res: ServerResponse, user: User, opened: Opened) {
  w.workspace.closeView(opened.id);
  if (opened.view.notify_on_close !== true) return json(res, 200, { ok: true });
  return forward(w, res, viewPayloadBody(w.team, user, opened, { type: 'view_closed' }));
}
