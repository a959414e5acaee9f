import { describe, expect, it } from 'vitest';
import { slowProcessorResults } from '../../src/checks/slow-processor.js';
import { type ProcessorRun, processorTrends, quantile } from '../../src/trends/model.js';
import { processorLine } from '../../src/views/trends.js';

const NOW = new Date('2026-02-10T15:00:00Z');
const HOUR = 3_600_000;

/** A run triggered `hoursAgo` before NOW taking `minutes`. */
function run(processor: string, hoursAgo: number, minutes: number, status = 'success'): ProcessorRun {
  const triggeredAt = new Date(NOW.getTime() - hoursAgo * HOUR);
  return {
    processor,
    phase: 'phase3',
    triggeredAt,
    completedAt: new Date(triggeredAt.getTime() + minutes * 60_000),
    status,
  };
}

describe('processor trends', () => {
  it('nearest-rank quantiles', () => {
    const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(10);
    expect(quantile(sorted, 0.95)).toBe(19);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([], 0.5)).toBeNull();
  });

  it('p50/p95 and failure rate per window, with the previous window; skipped runs do not count', () => {
    const runs = [
      // Current 7 days: durations 2, 4, 6, 8 min, one failure, one skipped.
      ...[2, 4, 6, 8].map((m, i) => run('pgs', 10 + i * 24, m)),
      run('pgs', 100, 0, 'failed'),
      run('pgs', 101, 0, 'skipped'),
      // Previous 7 days: 1 and 3 min.
      run('pgs', 8 * 24, 1),
      run('pgs', 9 * 24, 3),
      // Older than two windows: ignored.
      run('pgs', 20 * 24, 100),
    ];
    const [t] = processorTrends(runs, NOW, 7, 'America/New_York');
    expect(t).toMatchObject({
      processor: 'pgs',
      current: { runs: 5, failures: 1, failureRate: 0.2, p50: 240, p95: 480 },
      previous: { runs: 2, failures: 0, failureRate: 0, p50: 60, p95: 180 },
      lastDayP95: 120,
      lastDayRuns: 1,
    });
    expect(processorLine(t!)).toBe(
      '• *pgs* (phase3) — p50 4.0 min · p95 8.0 min (+167%) · failed 1/5 (20%, +20 pp)',
    );
  });

  it('slow_processor warns when the last day p95 exceeds twice the window median, and only then', () => {
    const settings = { window_days: 7, factor: 2, min_runs: 5 };
    const week = (p: string, lastDay: number) => [
      ...[5, 5, 5, 5, 5].map((m, i) => run(p, 30 + i * 24, m)),
      run(p, 2, lastDay),
    ];
    const results = slowProcessorResults(
      processorTrends(
        [...week('slower', 11), ...week('steady', 10), ...run2('few')],
        NOW,
        7,
        'America/New_York',
      ),
      settings,
    );
    const by = Object.fromEntries(results.map((r) => [r.subject, r]));
    expect(by.slower!.status).toBe('warn');
    expect(by.slower!.summary).toBe(
      'slower is getting slower: its p95 over the last day is 11.0 min, more than 2× its 7-day median of 5.0 min',
    );
    // Exactly twice the median is not "more than".
    expect(by.steady!.status).toBe('ok');
    // Too few runs in the window to judge.
    expect(by.few!.status).toBe('ok');
  });
});

function run2(p: string): ProcessorRun[] {
  return [run(p, 30, 1), run(p, 2, 50)];
}
