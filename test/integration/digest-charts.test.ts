/**
 * Charts of the digest from the demo pipeline (local backend, fixed clock): each PNG decodes, has the
 * expected size and matches its golden image within a small pixel tolerance (the font is shipped, so the
 * rendering is the same on every machine). Then the whole route: the digest posted to a fake Slack gets
 * its charts through files.uploadV2 in its thread; local mode writes them under DATA_DIR/charts/.
 * `UPDATE_GOLDEN=1 npx vitest run test/integration/digest-charts.test.ts` rewrites the golden images.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ResvgRenderer } from '../../src/adapters/charts/resvg.js';
import { startApp } from '../../src/app.js';
import { CHART_HEIGHT, CHART_WIDTH, type Chart, completenessChart } from '../../src/charts/charts.js';
import { runDailyDigest } from '../../src/daily-digest.js';
import { digestCharts } from '../../src/digest/charts.js';
import { buildDigest } from '../../src/digest/model.js';
import { SIGNING_SECRET } from '../support/app.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { FakeClock, ny } from '../support/fixtures.js';
import { decodePng, differingPixels } from '../support/png.js';

const GOLDEN = join(import.meta.dirname, '..', 'golden');
/** Why 0.5 %: anti-aliasing may differ between resvg builds; a moved line or label changes far more. */
const TOLERANCE = 0.005;
const NOW = ny('2026-02-10', '09:00');

const tmp: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pipeline-bot-charts-'));
  tmp.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

// SANDBOX=0: in local mode the terminal (and DATA_DIR/charts/) stands in for Slack, not the sandbox page.
const baseEnv = (dataDir: string) => ({
  DATA_DIR: dataDir,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  SANDBOX: '0',
});

async function demoCharts(runsFail = false): Promise<{ charts: Chart[]; missing: string[] }> {
  const app = await startApp(baseEnv(tempDir()), {
    schedule: false,
    clock: new FakeClock(NOW),
    out: () => {},
  });
  try {
    const deps = runsFail
      ? {
          ...app.deps,
          processorRuns: {
            processorRuns: async () => Promise.reject(new Error('BigQuery: 503 backendError')),
          },
        }
      : app.deps;
    return await digestCharts(deps, await buildDigest(app.deps, NOW));
  } finally {
    await app.stop();
  }
}

describe('digest charts from the demo data', () => {
  const renderer = new ResvgRenderer();

  it('each chart decodes as a PNG of the expected size and matches its golden image', async () => {
    const { charts, missing } = await demoCharts();
    expect(missing).toEqual([]);
    expect(charts.map((c) => c.filename)).toEqual([
      'completeness-2026-02-10.png',
      'phase-times-2026-02-10.png',
      'processor-p95-2026-02-10.png',
    ]);
    for (const chart of charts) {
      const png = await renderer.png(chart);
      const image = decodePng(png);
      expect([image.width, image.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
      const golden = join(GOLDEN, chart.filename);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, png);
      expect(existsSync(golden), `${golden} missing: run with UPDATE_GOLDEN=1 once`).toBe(true);
      expect(differingPixels(image, decodePng(readFileSync(golden)))).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('processor runs that cannot be read lose only their chart: the others are still drawn, the missing one named', async () => {
    const { charts, missing } = await demoCharts(true);
    expect(charts.map((c) => c.filename)).toEqual([
      'completeness-2026-02-10.png',
      'phase-times-2026-02-10.png',
    ]);
    expect(missing).toEqual(['processor p95: BigQuery: 503 backendError']);
  });

  it('the comparison has teeth: a chart with one day changed is outside the tolerance', async () => {
    const [completeness] = (await demoCharts()).charts;
    const golden = decodePng(readFileSync(join(GOLDEN, completeness!.filename)));
    const changed = completenessChart(
      [
        {
          target: 'boxscores',
          threshold: 0.8,
          from: '2026-01-27',
          to: '2026-02-09',
          days: [{ date: '2026-02-09', expected: 10, actual: 1, ratio: 0.1, state: 'gap' }],
          gaps: [],
        },
      ],
      '2026-02-10',
    );
    expect(differingPixels(decodePng(await renderer.png(changed)), golden)).toBeGreaterThan(TOLERANCE);
  });

  it('alt text says in words what the picture shows', async () => {
    const [completeness, phases, p95] = (await demoCharts()).charts;
    expect(completeness!.altText).toMatch(/^Below 80%: boxscores 20\d\d-\d\d-\d\d/);
    expect(p95!.altText).toMatch(/^Slowest p95: \w+ \d+\.\d min$/);
    expect(phases!.altText).toMatch(/^(Late or not triggered: |Every phase triggered)/);
  });
});

describe('digest charts delivered', () => {
  it('Slack: uploaded with files.uploadV2 into the digest thread, as PNGs', async () => {
    const slack = await startFakeSlack();
    try {
      const env = {
        ...baseEnv(tempDir()),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ALERT_CHANNEL: 'C0ALERTS',
        DIGEST_CHANNEL: 'C0DIGEST',
      };
      const app = await startApp(env, {
        schedule: false,
        clock: new FakeClock(NOW),
        slackMinPostIntervalMs: 0,
      });
      const r = await runDailyDigest(app.deps, 'cli', { force: true });
      await app.stop();
      expect(r.outcome).toBe('posted');
      const uploads = slack.uploads();
      expect(uploads.map((u) => [u.filename, u.completed?.channel, u.completed?.threadTs])).toEqual([
        ['completeness-2026-02-10.png', 'C0DIGEST', r.ts],
        ['phase-times-2026-02-10.png', 'C0DIGEST', r.ts],
        ['processor-p95-2026-02-10.png', 'C0DIGEST', r.ts],
      ]);
      for (const u of uploads) expect(decodePng(u.bytes).width).toBe(CHART_WIDTH);
      expect(slack.calls('files.getUploadURLExternal')[0]!.body).toMatchObject({
        filename: 'completeness-2026-02-10.png',
        alt_text: expect.stringContaining('Below 80%'),
      });
    } finally {
      await slack.close();
    }
  });

  it('Slack refuses the upload (missing files:write): the thread says so, the digest still counts as posted', async () => {
    const slack = await startFakeSlack();
    try {
      slack.failNext('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
      const env = {
        ...baseEnv(tempDir()),
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        ALERT_CHANNEL: 'C0ALERTS',
        DIGEST_CHANNEL: 'C0DIGEST',
      };
      const app = await startApp(env, {
        schedule: false,
        clock: new FakeClock(NOW),
        slackMinPostIntervalMs: 0,
      });
      const r = await runDailyDigest(app.deps, 'cli', { force: true });
      await app.stop();
      expect(r.outcome).toBe('posted');
      const note = slack.messages('C0DIGEST').find((m) => m.thread_ts === r.ts);
      expect(note?.text).toContain('The charts could not be attached');
      expect(note?.text).toContain('missing_scope');
    } finally {
      await slack.close();
    }
  });

  it('local mode: the charts are written to DATA_DIR/charts/', async () => {
    const dataDir = tempDir();
    const lines: string[] = [];
    const app = await startApp(baseEnv(dataDir), {
      schedule: false,
      clock: new FakeClock(NOW),
      out: (l) => lines.push(l),
    });
    const r = await runDailyDigest(app.deps, 'cli', { force: true });
    await app.stop();
    expect(r.outcome).toBe('posted');
    const file = join(dataDir, 'charts', 'completeness-2026-02-10.png');
    expect(decodePng(readFileSync(file)).height).toBe(CHART_HEIGHT);
    expect(lines.join('\n')).toContain(file);
  });
});
