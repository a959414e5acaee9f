/**
 * Trends end to end in local mode on the demo pipeline: `/pipeline trends` through the signed receiver
 * answers with processor trends and phase lags, its charts uploaded to the command's channel; the
 * demo's slowed processor raises `slow_processor`; `pipeline-bot trends` prints and writes PNGs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SLOW_PROCESSOR } from '../../src/adapters/local/demo-processor-runs.js';
import { CHART_WIDTH } from '../../src/charts/charts.js';
import { trendsCommand } from '../../src/trends/cli.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.js';
import { decodePng } from '../support/png.js';
import { sendSlashCommand } from '../support/slack-requests.js';

type Reply = {
  response_type: string;
  text: string;
  blocks: { type: string; text?: { text: string } | string; elements?: { text: string }[] }[];
};
const blockText = (r: Reply) =>
  r.blocks
    .map((b) =>
      typeof b.text === 'string' ? b.text : (b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? ''),
    )
    .join('\n');

describe('trends in local mode (demo data)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('/pipeline trends: processors with their change, phase lags, and the charts posted in the channel', async () => {
    const responseUrl = t.slack.responseUrl('trends');
    await sendSlashCommand(t.eventsUrl, SIGNING_SECRET, {
      text: 'trends 7',
      responseUrl,
      channelId: 'C0ONCALL',
    });
    const reply = (await t.slack.waitForResponse('trends', undefined, 15_000)).body as Reply;
    expect(reply.response_type).toBe('ephemeral');
    const text = blockText(reply);
    expect(text).toContain('*Processors* (change vs the 7 days before)');
    const line = text.split('\n').find((l) => l.startsWith(`• *${DEMO_SLOW_PROCESSOR}*`));
    expect(line).toMatch(
      /^• \*player_game_summary\* \(phase3\) — p50 [\d.]+ min · p95 [\d.]+ min \(\+\d+%\)/,
    );
    expect(text).toContain('*Phase transitions* (all processors done → triggered)');
    expect(text).toContain('2 chart(s) posted in this channel.');
    const uploads = t.slack.uploads();
    expect(uploads.map((u) => [u.filename.replace(/\d{4}-\d\d-\d\d/, 'DATE'), u.completed?.channel])).toEqual(
      [
        ['processor-p95-DATE.png', 'C0ONCALL'],
        ['phase-times-DATE.png', 'C0ONCALL'],
      ],
    );
    expect(decodePng(uploads[0]!.bytes).width).toBe(CHART_WIDTH);
  });

  it('slow_processor warns about the demo processor that got three times slower, and only it', async () => {
    const results = await t.app.deps.runChecksOnce();
    const slow = results.filter((r) => r.check === 'slow_processor');
    expect(slow.length).toBeGreaterThan(5);
    expect(slow.filter((r) => r.status === 'warn').map((r) => r.subject)).toEqual([DEMO_SLOW_PROCESSOR]);
    expect(results.find((r) => r.check === 'check_health' && r.subject === 'slow_processor')?.status).toBe(
      'ok',
    );
  });

  it('pipeline-bot trends prints the trends and writes the charts to DATA_DIR/charts/', async () => {
    const lines: string[] = [];
    expect(await trendsCommand(t.app.deps, ['7'], (l) => lines.push(l))).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('Trends, last 7 days');
    const written = lines.map((l) => /(\/\S+\.png)/.exec(l)?.[1]).filter((p): p is string => !!p);
    expect(written).toHaveLength(2);
    for (const file of written) {
      expect(file.startsWith(join(t.dataDir, 'charts'))).toBe(true);
      expect(existsSync(file)).toBe(true);
      expect(decodePng(readFileSync(file)).width).toBe(CHART_WIDTH);
    }
    expect(await trendsCommand(t.app.deps, ['zero'], (l) => lines.push(l))).toBe(2);
  });
});
