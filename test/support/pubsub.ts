/**
 * Pub/Sub emulator helpers for tests. The emulator is started once per run by `global-setup.ts`;
 * every env gets its own project id (the emulator keeps projects apart), and builds the production
 * wiring of a dead-letter queue: topic → subscription with a dead-letter policy → DLQ topic → DLQ subscription.
 */
import { randomUUID } from 'node:crypto';
import type { PubSub } from '@google-cloud/pubsub';
import { afterAll, inject } from 'vitest';
import { createPubSub } from '../../src/adapters/pubsub/client.js';

export interface PubSubTestEnv {
  host: string;
  projectId: string;
  /** A client for this project; closed after the file. */
  client(): Promise<PubSub>;
  /** Source topic + subscription dead-lettering after `maxDeliveryAttempts` to `{topic}-dlq` + its subscription. */
  deadLetterQueue(topic: string, maxDeliveryAttempts?: number): Promise<DeadLetterQueue>;
}

export interface DeadLetterQueue {
  topic: string;
  subscription: string;
  dlqTopic: string;
  dlqSubscription: string;
}

export function pubsubTestEnv(): PubSubTestEnv | null {
  const host = inject('pubsubEmulatorHost') ?? null;
  if (!host) return null;
  const projectId = `test-${randomUUID().slice(0, 12)}`;
  const clients: PubSub[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });
  const client = async () => {
    const c = await createPubSub({ projectId, emulatorHost: host });
    clients.push(c);
    return c;
  };
  return {
    host,
    projectId,
    client,
    async deadLetterQueue(topic, maxDeliveryAttempts = 5) {
      const ps = await client();
      const q = {
        topic,
        subscription: `${topic}-sub`,
        dlqTopic: `${topic}-dlq`,
        dlqSubscription: `${topic}-dlq-sub`,
      };
      const [dlq] = await ps.createTopic(q.dlqTopic);
      await dlq.createSubscription(q.dlqSubscription);
      const [source] = await ps.createTopic(q.topic);
      await source.createSubscription(q.subscription, {
        ackDeadlineSeconds: 10,
        deadLetterPolicy: { deadLetterTopic: dlq.name, maxDeliveryAttempts },
      });
      return q;
    },
  };
}
