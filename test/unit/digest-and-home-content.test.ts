/** Digest content from fixture states: healthy, stuck, predictions not ready, long lists cut to Slack's limits. */
import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/alerts/types.js';
import type { StatusItem } from '../../src/checks/status.js';
import { buildDigest, type DigestModel, type Part } from '../../src/digest/model.js';
import { addDays, localInstant } from '../../src/pipeline/dates.js';
import { LIMITS } from '../../src/views/blocks.js';
import { digestIssues, digestView, homeView } from '../../src/views/digest.js';
import { renderBlocks } from '../../src/views/terminal.js';
import { alertRecord, checkResult } from '../support/builders.js';
import { docData, healEvent, P5, world } from '../support/digest-world.js';
import { ny, P2, TZ } from '../support/fixtures.js';

const NOW = ny('2026-02-10', '08:00');
const TODAY = '2026-02-10';
const YESTERDAY = '2026-02-09';

function healthyWorld() {
  const w = world(NOW);
  w.healthy(addDays(TODAY, -14), TODAY);
  return w;
}

function alert(over: Partial<AlertRecord> = {}): AlertRecord {
  const at = ny(YESTERDAY, '04:12');
  return alertRecord(
    {
      summary: 'phase2_to_phase3 2026-02-08 is stuck',
      firstSeenAt: at,
      lastSeenAt: at,
      firingSince: at,
      channel: 'C0ALERTS',
      ts: '1700000000.000100',
      ...over,
    },
    checkResult({ date: '2026-02-08', summary: 'stuck' }),
  );
}

/** Every Slack limit the issue names, on any message. */
function expectWithinLimits(blocks: KnownBlock[], text?: string) {
  expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  if (text !== undefined) {
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  }
  for (const b of blocks) {
    if (b.type === 'section') {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of b.elements)
        if ('text' in e && typeof e.text === 'string')
          expect(e.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'actions') {
      expect(b.elements.length).toBeLessThanOrEqual(25);
      for (const e of b.elements)
        if ('value' in e && e.value) expect(e.value.length).toBeLessThanOrEqual(2000);
    }
  }
}

const textOf = (blocks: KnownBlock[]) => renderBlocks(blocks);

function val<T>(p: Part<T> | undefined): T {
  if (!p?.ok) throw new Error(`part not ok: ${JSON.stringify(p)}`);
  return p.value;
}

describe('digest content', () => {
  it('all healthy: all clear, every transition triggered, predictions ready, no alerts, no heals', async () => {
    const w = healthyWorld();
    const model = await buildDigest(w.deps(), NOW);
    expect(model.runDate).toBe(YESTERDAY);
    expect(digestIssues(model)).toEqual([]);
    const msg = digestView(model);
    expectWithinLimits(msg.blocks, msg.text);
    expect(msg.text).toBe('Pipeline digest 2026-02-10: all clear');
    const out = textOf(msg.blocks);
    expect(out).toContain('== Daily pipeline digest · 2026-02-10 ==');
    expect(out).toContain('All clear.');
    // Yesterday's run: Phase 2→3 for game date Feb 8, Phase 3→4 for Feb 9.
    expect(out).toMatch(/✅ Phase 2 → 3 · 2026-02-08 · triggered at yesterday 02:2\d · 5\/5/);
    expect(out).toMatch(/✅ Phase 3 → 4 · 2026-02-09 · triggered at yesterday 05:1\d · 5\/5/);
    expect(out).toMatch(/Predictions for today \(2026-02-10\): ready since 06:3\d · 2\/2 processors/);
    expect(out).toContain('Open alerts\n✅ None.');
    expect(out).toContain('Heals, last 7 days\nNone.');
    expect(out).toContain('boxscores · 100%');
    expect(out).toContain('No check failed in the last 30 days.');
  });

  it('a stuck transition: ❌ stuck with n/N, listed first in the summary; the open alert links to its message', async () => {
    const w = healthyWorld();
    w.completions.put('phase2_completion', '2026-02-08', docData(P2, ny(YESTERDAY, '02:10'), false));
    await w.alerts.update('stuck:phase2_to_phase3:2026-02-08', () => alert());
    await w.alerts.update('overdue:phase3_to_phase4:2026-02-09', () =>
      alert({
        fingerprint: 'overdue:phase3_to_phase4:2026-02-09',
        state: 'acknowledged',
        ackBy: 'U0ONCALL2',
        ackAt: ny(TODAY, '07:02'),
        result: { ...alert().result, transition: 'phase3_to_phase4', date: '2026-02-09', check: 'overdue' },
        check: 'overdue',
      }),
    );
    const deps = {
      ...w.deps(),
      chat: Object.assign(w.chat, {
        permalink: async (m: { ts: string }) =>
          `https://example.slack.com/archives/C0ALERTS/p${m.ts.replace('.', '')}`,
      }),
    };
    const model = await buildDigest(deps, NOW);
    const issues = digestIssues(model);
    expect(issues[0]).toBe('Phase 2 → 3 2026-02-08 stuck');
    expect(issues).toContain('2 open alerts');
    const msg = digestView(model);
    expectWithinLimits(msg.blocks, msg.text);
    expect(msg.text).toContain('Phase 2 → 3 2026-02-08 stuck');
    const mrkdwn = JSON.stringify(msg.blocks);
    expect(mrkdwn).toContain(
      ':x: *Phase 2 → 3* · 2026-02-08 · *stuck*: 5/5 in since yesterday 02:14, next phase not triggered',
    );
    expect(mrkdwn).toContain(
      '<https://example.slack.com/archives/C0ALERTS/p1700000000000100|Phase 2 → 3 stuck · 2026-02-08>',
    );
    expect(mrkdwn).toContain('firing since yesterday 04:12 · *not acknowledged*');
    expect(mrkdwn).toContain(':eyes: acknowledged by <@U0ONCALL2> at 07:02');
  });

  it("today's run already stuck at 08:00: in the summary and in its own section (today's waiting is not listed)", async () => {
    const w = healthyWorld();
    // Phase 2 for last night's games (game date Feb 9) finished at 02:10 and was never triggered.
    w.completions.put('phase2_completion', YESTERDAY, docData(P2, ny(TODAY, '02:10'), false));
    w.completions.docs.delete(`phase3_completion/${TODAY}`);
    const model = await buildDigest(w.deps(), NOW);
    expect(digestIssues(model)).toEqual(['Phase 2 → 3 2026-02-09 stuck']);
    const out = textOf(digestView(model).blocks);
    expect(out).toContain(
      "Today's run so far (run of 2026-02-10)\n❌ Phase 2 → 3 · 2026-02-09 · stuck: 5/5 in since 02:14",
    );
    expect(out).not.toContain('Phase 3 → 4 · 2026-02-10');
  });

  it('predictions not ready: names the missing Phase 5 processors', async () => {
    const w = healthyWorld();
    w.completions.put('phase5_completion', TODAY, docData(P5.slice(0, 1), ny(TODAY, '06:30'), false));
    const model = await buildDigest(w.deps(), NOW);
    expect(model.predictions).toMatchObject({
      ok: true,
      value: { status: 'not_ready', complete: 1, expected: 2 },
    });
    expect(digestIssues(model)).toEqual(['predictions for today not ready']);
    const out = textOf(digestView(model).blocks);
    expect(out).toContain(
      '❌ Predictions for today (2026-02-10): not ready · 1/2 processors · missing p5_predictions_props',
    );
  });

  it('without a Phase 5 transition, reads phase5_completion directly', async () => {
    const w = world(NOW, {
      config: (await import('../support/fixtures.js')).testConfig({ DIGEST_CHANNEL: 'C0DIGEST' }),
    });
    const model = await buildDigest(w.deps(), NOW);
    expect(model.predictions).toMatchObject({ ok: true, value: { status: 'not_ready' } });
    expect(textOf(digestView(model).blocks)).toContain('no phase5_completion/2026-02-10 document yet');
    w.completions.put('phase5_completion', TODAY, docData(P5, ny(TODAY, '06:30'), true));
    expect((await buildDigest(w.deps(), NOW)).predictions).toMatchObject({
      ok: true,
      value: { status: 'ready' },
    });
  });

  it('heals of the last 7 days: who, outcome, verified', async () => {
    const w = healthyWorld();
    w.heals.push(
      healEvent({ heal_id: 'h-2', requested_at: ny(YESTERDAY, '09:14'), verified: 'not_started' }),
      healEvent({
        heal_id: 'h-1',
        requested_at: ny('2026-02-07', '10:00'),
        requested_by: 'alice',
        source: 'cli',
      }),
      healEvent({ heal_id: 'h-0', status: 'denied', requested_by: 'U0INTERN', verified: null }),
    );
    const model = await buildDigest(w.deps(), NOW);
    expect(digestIssues(model)).toEqual(['1 heal failed or did not start the next phase']);
    const out = textOf(digestView(model).blocks);
    expect(out).toContain('Heals, last 7 days (2 triggered · 1 denied)');
    expect(out).toContain(
      '• yesterday 09:14 · Phase 2 → 3 2026-02-07 · by @U0ONCALL1 (button) · triggered · next phase did not start ❌',
    );
    expect(out).toContain(
      '2026-02-07 10:00 · Phase 2 → 3 2026-02-07 · by @alice (cli) · triggered · next phase started ✅',
    );
    expect(out).toContain('by @U0INTERN (button) · denied');
  });

  it('a backend that fails becomes an error line and an issue, never a missing digest', async () => {
    const w = healthyWorld();
    w.warehouse.dailyCounts = async () => {
      throw new Error('BigQuery: 503 backendError');
    };
    const model = await buildDigest(w.deps(), NOW);
    expect(digestIssues(model)).toEqual(['completeness could not be read']);
    expect(textOf(digestView(model).blocks)).toContain(
      '❌ Completeness could not be read: BigQuery: 503 backendError',
    );
  });

  it('long lists are cut with "and N more" and stay within Slack limits', async () => {
    const w = healthyWorld();
    w.completions.put('phase2_completion', '2026-02-08', docData(P2, ny(YESTERDAY, '02:10'), false));
    for (let i = 0; i < 240; i++) {
      const fp = `stuck:phase2_to_phase3:${i}`;
      await w.alerts.update(fp, () =>
        alert({ fingerprint: fp, summary: 'x'.repeat(2000), subject: `${'y'.repeat(300)}${i}` }),
      );
    }
    for (let i = 0; i < 300; i++)
      w.heals.push(healEvent({ heal_id: `h-${i}`, requested_by: `user-${'z'.repeat(200)}` }));
    w.warehouse.counts = (d) => ({ expected: 10, actual: Number(d.slice(-1)) % 2 ? 1 : 10 });
    w.warehouse.failing = Array.from({ length: 10 }, (_, i) => ({
      check: `check_${i}`,
      failures: 1000,
      subjects: 40,
      days: 30,
      lastSeen: NOW,
      lastSubject: 's'.repeat(500),
      lastSummary: 'q'.repeat(5000),
    }));
    const base = await buildDigest(w.deps(), NOW);
    // Many transitions, each with many missing processors (long names), and many completeness targets.
    const item = val(base.yesterday)[0]!;
    const many: StatusItem[] = Array.from({ length: 80 }, (_, i) => ({
      ...item,
      transition: { ...item.transition, id: `phase${i}_to_phase${i + 1}_${'t'.repeat(40)}` },
      state: {
        ...item.state,
        state: 'waiting',
        missing: Array.from({ length: 60 }, (_, k) => `proc_${k}_${'m'.repeat(60)}`),
      },
      silent: Array.from({ length: 30 }, (_, k) => `silent_${k}_${'s'.repeat(50)}`),
    }));
    const target = val(base.completeness)[0]!;
    const targets = Array.from({ length: 40 }, (_, i) => ({
      ...target,
      target: `target_${i}_${'n'.repeat(80)}`,
    }));
    const model: DigestModel = {
      ...base,
      yesterday: { ok: true, value: many },
      current: {
        ok: true,
        value: many.map((x) => ({ ...x, state: { ...x.state, state: 'stuck' as const } })),
      },
      completeness: { ok: true, value: targets },
      completenessDays: 90,
    };

    const msg = digestView(model);
    expectWithinLimits(msg.blocks, msg.text);
    const json = JSON.stringify(msg.blocks);
    const sectionStarting = (prefix: string) => {
      const b = msg.blocks.find((x) => x.type === 'section' && x.text?.text.startsWith(prefix));
      return b && b.type === 'section' ? b.text!.text : '';
    };
    const run = sectionStarting("*Yesterday's run*");
    const shownRuns = run.split('\n').filter((l) => l.startsWith(':hourglass')).length;
    expect(shownRuns).toBeGreaterThan(0);
    expect(run).toMatch(new RegExp(`\\n…and ${80 - shownRuns} more$`));
    expect(sectionStarting('*Open alerts* (240)')).toMatch(/\n…and 2\d\d more$/);
    expect(sectionStarting('*Heals, last 7 days* (300 triggered)')).toMatch(/\n…and 2\d\d more$/);
    expect(json).toContain('…and 35 more targets');
    expect(msg.blocks[1]!.type === 'section' && msg.blocks[1]!.text?.text).toMatch(
      /^:warning: \*\d+ things need attention:\* .* · and \d+ more$/,
    );
    expect(msg.blocks.at(-1)?.type).toBe('context');

    for (const canHeal of [true, false]) {
      const home = homeView(model, { canHeal });
      expectWithinLimits(home.blocks);
    }
    const home = homeView(model, { canHeal: true });
    const heal = home.blocks.find((b) => b.type === 'actions');
    expect(heal && heal.type === 'actions' && heal.elements.length).toBe(5);
  });
});

describe('App Home view', () => {
  it('shows heal buttons on stuck runs only to those allowed to heal', async () => {
    const w = healthyWorld();
    w.completions.put('phase2_completion', YESTERDAY, docData(P2, localInstant(TODAY, '02:10', TZ), false));
    const model = await buildDigest(w.deps(), NOW);
    const allowed = homeView(model, { canHeal: true });
    const buttons = allowed.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []));
    expect(buttons).toHaveLength(1);
    expect(buttons[0]).toMatchObject({
      action_id: 'heal_trigger',
      value: JSON.stringify({ t: 'phase2_to_phase3', d: YESTERDAY }),
      confirm: { title: { text: 'Run the heal?' } },
    });
    expect(renderBlocks(allowed.blocks)).toContain("Today's run (run of 2026-02-10)");
    expect(renderBlocks(allowed.blocks)).toContain('[ Trigger Phase 3 · 2026-02-09 ]');

    const denied = homeView(model, { canHeal: false });
    expect(JSON.stringify(denied.blocks)).not.toContain('heal_trigger');
    expect(renderBlocks(denied.blocks)).toContain('Heal buttons show for the engineers allowed to heal');
    expect(denied.type).toBe('home');
  });
});
