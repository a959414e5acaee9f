/** Builders for dead-letter test records. */
import { randomUUID } from 'node:crypto';
import type { DlqRecord } from '../../src/dlq/types.js';

export function dlqRecord(overrides: Partial<DlqRecord> = {}): DlqRecord {
  return {
    message_id: randomUUID().slice(0, 12),
    subscription: 'nba-phase3-trigger-dlq-sub',
    source_topic: 'nba-phase3-trigger',
    publish_time: new Date('2026-11-30T10:00:00.000Z'),
    delivery_attempt: 5,
    attributes: {},
    data: '{"game_date":"2026-11-29","processor":"player_game_summary"}',
    game_date: '2026-11-29',
    processor: 'player_game_summary',
    error: null,
    recorded_at: new Date('2026-11-30T10:00:05.000Z'),
    handled: null,
    handled_by: null,
    handled_at: null,
    ...overrides,
  };
}
