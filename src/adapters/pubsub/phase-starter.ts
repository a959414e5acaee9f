/**
 * The `pubsub` heal action: publishes the phase's trigger message for the date (body and attributes
 * filled from the config's templates, ordering key optional) with @google-cloud/pubsub. Its reference
 * is the message id Pub/Sub returns.
 */
import type { PubSub } from '@google-cloud/pubsub';
import { HealActionError, type PhaseStart, type PhaseStarted, type PhaseStarter } from '../../heal/ports.js';
import { DeadlineError, withDeadline } from '../../util/deadline.js';
import { DEFINITE_GRPC_CODES, grpcCode } from '../scheduler/client.js';
import { fullName } from './client.js';

/** Why 15 s: a publish answers in milliseconds; past this the user hears "may or may not have gone out". */
const PUBLISH_TIMEOUT_MS = 15_000;

export class PubSubPhaseStarter implements PhaseStarter {
  constructor(
    private readonly pubsub: PubSub,
    private readonly timeoutMs = PUBLISH_TIMEOUT_MS,
  ) {}

  async start(request: PhaseStart): Promise<PhaseStarted> {
    const a = request.action;
    if (a.kind !== 'pubsub') throw new HealActionError(`not a Pub/Sub action: ${a.kind}`, false);
    const name = fullName(request.project, 'topics', a.topic);
    // One message, sent at once (no batching wait); ordering only when the config names a key.
    const topic = this.pubsub.topic(name, {
      batching: { maxMessages: 1 },
      messageOrdering: a.ordering_key !== undefined,
      gaxOpts: { timeout: this.timeoutMs },
    });
    const publishing = topic.publishMessage({
      data: Buffer.from(a.message),
      attributes: a.attributes,
      ...(a.ordering_key ? { orderingKey: a.ordering_key } : {}),
    });
    try {
      const id = await withDeadline(
        publishing,
        this.timeoutMs,
        () => new DeadlineError(`no answer within ${this.timeoutMs / 1000} s`),
      );
      return { ref: id };
    } catch (err) {
      const code = grpcCode(err);
      const definite = !(err instanceof DeadlineError) && code !== undefined && DEFINITE_GRPC_CODES.has(code);
      const message = err instanceof Error ? err.message : String(err);
      throw new HealActionError(`Pub/Sub publish to ${name} failed: ${message}`, !definite);
    }
  }
}
