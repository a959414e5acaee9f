/**
 * The serverless pull of dead letters: a subscription that cannot be pulled (deleted, no permission) is
 * reported and skipped; the other subscriptions are still pulled, recorded and acked.
 */
import { describe, expect, it } from 'vitest';
import { pullAll } from '../../src/dlq/ingest.js';
import type { DeadLetterSource, DlqStore, Received } from '../../src/dlq/ports.js';
import type { DlqRecord } from '../../src/dlq/types.js';
import { FakeClock } from '../support/fixtures.js';

const GOOD = 'phase3-dlq-sub';
const GONE = 'deleted-dlq-sub';

function received(id: string, acks: string[]): Received {
  return {
    message: {
      message_id: id,
      subscription: GOOD,
      publish_time: new Date('2026-02-10T15:00:00Z'),
      delivery_attempt: 5,
      attributes: {},
      data: '{"game_date":"2026-02-09"}',
    },
    ack: async () => void acks.push(id),
    nack: async () => {},
  };
}

describe('pullAll', () => {
  it('a subscription that fails is reported; the others are still recorded and acked', async () => {
    const recorded: DlqRecord[] = [];
    const acks: string[] = [];
    const errors: string[] = [];
    const store = {
      record: async (r: DlqRecord) => {
        recorded.push(r);
        return true;
      },
    } as unknown as DlqStore;
    const source = {
      pull: async (subscription: string) => {
        if (subscription === GONE) throw new Error('NOT_FOUND: Resource not found');
        return [received('m1', acks), received('m2', acks)];
      },
    } as unknown as DeadLetterSource;
    const outcomes = await pullAll(
      {
        store,
        clock: new FakeClock(new Date('2026-02-10T16:00:00Z')),
        subscriptions: [
          { subscription: GONE, source_topic: 'gone', label: 'Gone' },
          { subscription: GOOD, source_topic: 'nba-phase3-trigger', label: 'Phase 3' },
        ],
      },
      source,
      100,
      (subscription, err) => errors.push(`${subscription}: ${(err as Error).message}`),
    );
    expect(outcomes).toEqual(['recorded', 'recorded']);
    expect(recorded.map((r) => r.message_id)).toEqual(['m1', 'm2']);
    expect(acks).toEqual(['m1', 'm2']);
    expect(errors).toEqual([`${GONE}: NOT_FOUND: Resource not found`]);
  });
});
