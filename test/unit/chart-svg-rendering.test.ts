import { describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/charts/resvg.js';
import { phaseTimesChart, processorP95Chart } from '../../src/charts/charts.js';
import { decodePng } from '../support/png.js';

describe('chart SVG', () => {
  it('names from config or data are escaped, and the SVG still renders', async () => {
    const chart = phaseTimesChart(
      [{ transition: '<script>&"x"', deadline: '10:00', days: [{ date: '2026-02-09', minutes: 11 * 60 }] }],
      '2026-02-10',
    );
    expect(chart.svg).not.toContain('<script>');
    expect(chart.svg).toContain('&lt;script&gt;&amp;&quot;x&quot;');
    expect(chart.altText).toBe('Late or not triggered: <script>&"x" 2026-02-09');
    expect(decodePng(await new ResvgRenderer().png(chart)).width).toBe(chart.width);
  });

  it('p95 bars: round ticks, the slowest named in the alt text, missing windows drawn as gaps', () => {
    const chart = processorP95Chart(
      [
        { processor: 'player_game_summary', p95Seconds: 600, previousP95Seconds: 240 },
        { processor: 'team_offense_game_summary', p95Seconds: null, previousP95Seconds: 120 },
      ],
      '2026-02-10',
      7,
    );
    expect(chart.altText).toBe('Slowest p95: player_game_summary 10.0 min');
    // 10 min → ticks 0, 2, 4, 6, 8, 10.
    for (const tick of ['>0<', '>2<', '>4<', '>6<', '>8<', '>10<']) expect(chart.svg).toContain(tick);
    expect(chart.svg.match(/<rect x=/g)?.length).toBe(3 + 2); // 3 bars + 2 legend swatches
  });
});
