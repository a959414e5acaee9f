/** The `dlq` check's rules and the parsed context of a dead letter (pure). */
import { describe, expect, it } from 'vitest';
import { dlqResult } from '../../src/dlq/check.js';
import { parseContext } from '../../src/dlq/context.js';
import { dlqRecord, dlqTally } from '../support/builders.js';

const SUB = {
  subscription: 'nba-phase3-trigger-dlq-sub',
  source_topic: 'nba-phase3-trigger',
  label: 'Phase 3',
};
const NOW = new Date('2026-11-30T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe('dead-letter context', () => {
  it('reads game date, processor and error from the JSON body, then the attributes', () => {
    expect(
      parseContext({
        data: '{"game_date":"2026-11-29T00:00:00Z","processor":"player_game_summary"}',
        attributes: { error: 'quota' },
      }),
    ).toEqual({ game_date: '2026-11-29', processor: 'player_game_summary', error: 'quota' });
  });

  it('a body that is not JSON leaves only what the attributes say', () => {
    expect(parseContext({ data: 'garbage{', attributes: { date: 'not a date' } })).toEqual({
      game_date: null,
      processor: null,
      error: null,
    });
  });
});

describe('dlq check', () => {
  it('one result per subscription with count, publish range, attempts and the latest contexts', () => {
    const records = [
      dlqRecord({ publish_time: minutesAgo(50), game_date: '2026-11-28', recorded_at: minutesAgo(49) }),
      dlqRecord({
        publish_time: minutesAgo(5),
        game_date: '2026-11-29',
        error: 'boom',
        recorded_at: minutesAgo(4),
      }),
      dlqRecord({ handled: 'replayed', recorded_at: minutesAgo(100) }),
    ];
    const r = dlqResult(SUB, dlqTally(records), NOW, 60);
    expect(r).toMatchObject({ check: 'dlq', subject: SUB.subscription, status: 'fail' });
    expect(r.details).toMatchObject({
      count: 2,
      handled: 1,
      oldest_publish_time: minutesAgo(50).toISOString(),
      newest_publish_time: minutesAgo(5).toISOString(),
      delivery_attempts: 5,
    });
    expect(r.facts.find((f) => f.label === 'Latest')?.value).toBe(
      '2026-11-29 · player_game_summary · boom\n2026-11-28 · player_game_summary',
    );
  });

  it('all handled: stays firing until the quiet period after the last arrival, then resolves', () => {
    const records = [dlqRecord({ handled: 'dismissed', recorded_at: minutesAgo(30) })];
    const during = dlqResult(SUB, dlqTally(records), NOW, 60);
    expect(during.status).toBe('fail');
    expect(during.next_due).toEqual(new Date(minutesAgo(30).getTime() + 60 * 60_000));
    expect(dlqResult(SUB, dlqTally(records), new Date(NOW.getTime() + 31 * 60_000), 60).status).toBe('ok');
  });

  it('a waiting message keeps it firing however old it is', () => {
    expect(dlqResult(SUB, dlqTally([dlqRecord({ recorded_at: minutesAgo(10_000) })]), NOW, 60).status).toBe(
      'fail',
    );
  });

  it('nothing recorded: ok', () => {
    expect(dlqResult(SUB, dlqTally([]), NOW, 60).status).toBe('ok');
  });
});
