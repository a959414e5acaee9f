/**
 * Our receiver for `POST /slack/events` (in place of Bolt's HTTPReceiver): reads the body under a size
 * limit, verifies the signature with a two-sided replay window, checks the payload's shape, and only then
 * hands the event to Bolt. Every refusal is an HTTP status (405, 413, 401, 400), never a crash or a 500,
 * and is logged without secrets. An event that no listener acknowledges gets 200 once Bolt is done.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AckFn, App, Receiver, ReceiverEvent } from '@slack/bolt';
import { ErrorCode } from '@slack/bolt/dist/errors.js';
import { readBody } from '../../http/body.js';
import { parseSlackBody } from '../../http/slack-payload.js';
import { signatureProblem } from '../../http/slack-signature.js';
import type { Logger } from '../../log.js';

export interface ReceiverOptions {
  signingSecret: string;
  maxBodyBytes: number;
  log: Logger;
  /** Milliseconds since the epoch; tests move it. */
  now?: () => number;
}

function reply(res: ServerResponse, status: number, body = '', type = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, ...(status === 413 ? { connection: 'close' } : {}) });
  res.end(body);
}

export class GuardedReceiver implements Receiver {
  private app?: App;

  constructor(private readonly opts: ReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly listener = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((err) => {
      this.opts.log.error({ err }, 'Slack request failed in the receiver');
      reply(res, 500);
    });
  };

  private refuse(req: IncomingMessage, res: ServerResponse, status: number, reason: string): void {
    this.opts.log.warn({ status, reason, method: req.method, path: req.url }, 'Slack request refused');
    reply(res, status);
    if (status === 413) res.once('finish', () => req.destroy());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return this.refuse(req, res, 405, `method ${req.method}`);
    }
    const read = await readBody(req, this.opts.maxBodyBytes);
    if (!read.ok) return this.refuse(req, res, read.status, read.reason);
    const now = this.opts.now?.() ?? Date.now();
    const problem = signatureProblem(
      this.opts.signingSecret,
      {
        timestamp: req.headers['x-slack-request-timestamp'] as string | undefined,
        signature: req.headers['x-slack-signature'] as string | undefined,
        raw: read.raw,
      },
      now,
    );
    if (problem) return this.refuse(req, res, 401, problem);
    const parsed = parseSlackBody(req.headers['content-type'], read.raw.toString('utf8'));
    if (!parsed.ok) return this.refuse(req, res, 400, parsed.reason);
    if (parsed.kind === 'ssl_check') return reply(res, 200);
    if (parsed.kind === 'url_verification') {
      return reply(res, 200, JSON.stringify({ challenge: parsed.challenge }), 'application/json');
    }
    await this.dispatch(req, res, parsed.body);
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
  ): Promise<void> {
    let acked = false;
    const ack: AckFn<unknown> = async (response) => {
      if (acked) return;
      acked = true;
      if (response === undefined || response === '') reply(res, 200);
      else if (typeof response === 'string') reply(res, 200, response);
      else reply(res, 200, JSON.stringify(response), 'application/json');
      // The listener's work continues after this: let requests that have already arrived be read and
      // acknowledged first, so that in a burst no ack waits behind another request's work (README *Benchmarks*).
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const retryNum = Number(req.headers['x-slack-retry-num']);
    const event: ReceiverEvent = {
      body,
      ack,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(req.headers['x-slack-retry-reason']
        ? { retryReason: String(req.headers['x-slack-retry-reason']) }
        : {}),
    };
    try {
      await this.app?.processEvent(event);
      if (!acked) await ack();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === ErrorCode.AuthorizationError) return this.refuse(req, res, 401, 'not authorized');
      this.opts.log.error({ err, code }, 'Slack event failed before it was acknowledged');
      if (!acked) reply(res, 500);
    }
  }
}
