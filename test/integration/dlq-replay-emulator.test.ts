/**
 * Replay against the Pub/Sub emulator and the Firestore emulator: 50 concurrent clicks across two bot
 * instances (two Firestore clients) republish each waiting dead letter to its source topic exactly once,
 * with the original attributes (not Pub/Sub's dead-letter stamps). Unauthorized clicks change nothing.
 */
import { Firestore } from '@google-cloud/firestore';
import { afterAll, describe, expect, it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreDlqStore } from '../../src/adapters/firestore/dlq-store.js';
import { PubSubDeadLetterSource } from '../../src/adapters/pubsub/dead-letters.js';
import { toRecord } from '../../src/dlq/ingest.js';
import { DlqService } from '../../src/dlq/service.js';
import { silentLogger } from '../../src/log.js';
import { systemClock } from '../../src/ports.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { pubsubTestEnv } from '../support/pubsub.js';

const ps = pubsubTestEnv();
const fs = firestoreTestEnv();
if (!ps || !fs) console.warn('!!! SKIPPED (no Pub/Sub or Firestore emulator): Replay against the emulators');

describe.skipIf(!ps || !fs)('Replay of dead letters', () => {
  const clients: Firestore[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.terminate()));
  });

  it('50 concurrent clicks across 2 instances republish each message once', async () => {
    const q = await ps!.deadLetterQueue('nba-phase3-trigger', 5);
    const client = await ps!.client();
    // What the orchestrator would receive on the source topic after Replay.
    const [observer] = await client.topic(q.topic).createSubscription('replay-observer');
    const sub = { subscription: q.dlqSubscription, source_topic: q.topic, label: 'Phase 3 trigger' };
    const bots = [0, 1].map(() => {
      const db = new Firestore(firestoreSettings({ projectId: fs!.projectId, emulatorHost: fs!.host }));
      clients.push(db);
      return new DlqService({
        store: new FirestoreDlqStore(db),
        source: new PubSubDeadLetterSource(client),
        subscriptions: [sub],
        clock: systemClock,
        log: silentLogger,
        pullMax: 10,
        canAct: async (user) => user !== 'U_INTRUDER',
      });
    });
    const store = new FirestoreDlqStore(clients[0]!);
    for (const date of ['2026-11-28', '2026-11-29', '2026-11-30']) {
      const received = {
        message: {
          message_id: `dead-${date}`,
          subscription: q.dlqSubscription,
          publish_time: new Date(`${date}T12:00:00Z`),
          delivery_attempt: 5,
          attributes: { origin: 'orchestrator', CloudPubSubDeadLetterSourceDeliveryCount: '5' },
          data: JSON.stringify({ game_date: date }),
        },
        ack: async () => {},
        nack: async () => {},
      };
      await store.record(toRecord(received, sub, new Date()));
    }

    expect(await bots[0]!.act(q.dlqSubscription, 'replayed', 'U_INTRUDER')).toEqual({
      kind: 'denied',
      subscription: q.dlqSubscription,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) => bots[i % 2]!.act(q.dlqSubscription, 'replayed', `U${i}`)),
    );
    const replayed = outcomes.flatMap((o) => (o.kind === 'done' ? o.handled : []));
    expect(replayed.sort()).toEqual(['dead-2026-11-28', 'dead-2026-11-29', 'dead-2026-11-30']);

    const source = new PubSubDeadLetterSource(client);
    const seen: { data: string; attributes: Record<string, string> }[] = [];
    while (seen.length < 3) {
      for (const r of await source.pull('replay-observer', 10)) {
        seen.push({ data: r.message.data, attributes: r.message.attributes });
        await r.ack();
      }
    }
    expect(seen.map((m) => JSON.parse(m.data).game_date).sort()).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
    ]);
    expect(seen[0]!.attributes).toEqual({ origin: 'orchestrator' });
    // Every message went out once: nothing else is waiting for the orchestrator.
    expect(await source.pull('replay-observer', 10)).toEqual([]);
    const records = await store.list({ subscription: q.dlqSubscription });
    expect(records.every((r) => r.handled === 'replayed')).toBe(true);
    expect(observer.name).toContain('replay-observer');
  }, 60_000);
});
