/**
 * Dead-letter subscriptions on Pub/Sub: synchronous pull (bounded, for `POST /tasks/checks`),
 * streaming pull (in-process) and publish (Replay). Acks are explicit: the caller acks once recorded.
 */
import type { Message, PubSub } from '@google-cloud/pubsub';
import { v1 } from '@google-cloud/pubsub';
import type { DeadLetterSource, Received } from '../../dlq/ports.js';
import type { DeadLetter } from '../../dlq/types.js';
import { fullName, shortName } from './client.js';

/** Why 50: the in-process subscriber holds at most this many unrecorded messages (bounded memory). */
const STREAM_MAX_MESSAGES = 50;

/** Why 10 s: well inside the tick's answer budget (tasks_answer_seconds, 30 s by default). */
const PULL_TIMEOUT_MS = 10_000;

type Timestamp = { seconds?: number | string | null | { toString(): string }; nanos?: number | null };

function toDate(ts: Timestamp | null | undefined): Date {
  const seconds = Number(ts?.seconds?.toString() ?? 0);
  return new Date(seconds * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6));
}

/** Why: Pub/Sub stamps these on a dead-lettered message; they say how often and when it first went out. */
const DELIVERY_COUNT_ATTR = 'CloudPubSubDeadLetterSourceDeliveryCount';
/** Why: Pub/Sub stamps it on a dead letter; it says when the message first went out. */
const FIRST_PUBLISH_ATTR = 'CloudPubSubDeadLetterSourceTopicPublishTime';

/** The dead-letter attributes win: the original publish time and the attempts on the source subscription. */
function deadLetter(message: DeadLetter): DeadLetter {
  const attempts = Number(message.attributes[DELIVERY_COUNT_ATTR]);
  const firstPublish = new Date(message.attributes[FIRST_PUBLISH_ATTR] ?? Number.NaN);
  return {
    ...message,
    delivery_attempt: Number.isInteger(attempts) && attempts > 0 ? attempts : message.delivery_attempt,
    publish_time: Number.isNaN(firstPublish.getTime()) ? message.publish_time : firstPublish,
  };
}

function fromStreamed(subscription: string, m: Message): DeadLetter {
  return deadLetter({
    message_id: m.id,
    subscription,
    publish_time: new Date(m.publishTime.getTime()),
    delivery_attempt: m.deliveryAttempt || null,
    attributes: { ...m.attributes },
    data: m.data.toString('utf8'),
  });
}

export class PubSubDeadLetterSource implements DeadLetterSource {
  private subscriber?: InstanceType<typeof v1.SubscriberClient>;

  constructor(private readonly pubsub: PubSub) {}

  private get projectId(): string {
    return this.pubsub.projectId;
  }

  private client(): InstanceType<typeof v1.SubscriberClient> {
    // The same endpoint, credentials (or plain text for the emulator) as the PubSub object.
    const { servicePath, port, sslCreds, projectId } = this.pubsub.options;
    this.subscriber ??= new v1.SubscriberClient({
      servicePath,
      port: Number(port ?? 443),
      sslCreds,
      projectId,
    });
    return this.subscriber;
  }

  async pull(subscription: string, max: number): Promise<Received[]> {
    const name = fullName(this.projectId, 'subscriptions', subscription);
    const client = this.client();
    // Returns what is waiting now: a tick must never long-poll an empty subscription.
    const [response] = await client.pull(
      { subscription: name, maxMessages: max, returnImmediately: true },
      { timeout: PULL_TIMEOUT_MS },
    );
    return (response.receivedMessages ?? []).map((rm) => {
      const ackIds = [rm.ackId!];
      const m = rm.message!;
      return {
        message: deadLetter({
          message_id: m.messageId!,
          subscription: shortName(name),
          publish_time: toDate(m.publishTime as Timestamp),
          delivery_attempt: rm.deliveryAttempt || null,
          attributes: { ...(m.attributes ?? {}) },
          data: Buffer.from(m.data ?? '').toString('utf8'),
        }),
        ack: async () => void (await client.acknowledge({ subscription: name, ackIds })),
        nack: async () =>
          void (await client.modifyAckDeadline({ subscription: name, ackIds, ackDeadlineSeconds: 0 })),
      };
    });
  }

  stream(
    subscription: string,
    onMessage: (received: Received) => Promise<void>,
    onError: (err: Error) => void,
  ): () => Promise<void> {
    const sub = this.pubsub.subscription(fullName(this.projectId, 'subscriptions', subscription), {
      flowControl: { maxMessages: STREAM_MAX_MESSAGES, allowExcessMessages: false },
    });
    const short = shortName(subscription);
    sub.on('message', (m: Message) => {
      void onMessage({
        message: fromStreamed(short, m),
        ack: async () => m.ack(),
        nack: async () => m.nack(),
      });
    });
    // Retryable stream errors are retried by the library; what reaches here is reported.
    sub.on('error', onError);
    return async () => {
      sub.removeAllListeners('message');
      await sub.close();
    };
  }

  async publish(topic: string, data: string, attributes: Record<string, string>): Promise<string> {
    return this.pubsub.topic(fullName(this.projectId, 'topics', topic)).publishMessage({
      data: Buffer.from(data),
      attributes,
    });
  }

  async close(): Promise<void> {
    await this.subscriber?.close();
    await this.pubsub.close();
  }
}
