/**
 * The on-call workflow on a simulated clock (alert service over the in-memory alert store, the real
 * SQLite silence store, a recording chat): silences, maintenance windows, escalation, storms, manual
 * resolution and notes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalSilenceStore } from '../../src/adapters/local/silence-store.js';
import { AlertService } from '../../src/alerts/service.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { openOccurrence } from '../../src/oncall/maintenance.js';
import { alertViews } from '../../src/views/alert-views.js';
import { checkResult, silence } from '../support/builders.js';
import { configFromYaml, FakeClock, ny } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';

const MIN = 60_000;

function result(
  check: CheckResult['check'],
  date: string,
  status: CheckResult['status'] = 'fail',
): CheckResult {
  const transition = check === 'overdue' ? 'phase3_to_phase4' : 'phase2_to_phase3';
  const summary = status === 'ok' ? 'fine' : `${transition} ${check} for ${date}`;
  return checkResult({ check, transition, date, status, summary });
}

function world(yaml: string, start: Date) {
  const config: Config = configFromYaml(`channels: { alerts: C0ALERTS }\n${yaml}`);
  const clock = new FakeClock(start);
  const store = new MemoryAlertStore();
  const chat = new RecordingChat();
  const silences = new LocalSilenceStore(openDb(':memory:'));
  const service = new AlertService({
    config,
    clock,
    log: silentLogger,
    store,
    chat,
    channel: 'C0ALERTS',
    instanceId: 'test',
    views: alertViews,
    silences,
  });
  return { config, clock, store, chat, silences, service };
}

const texts = (chat: RecordingChat) => chat.calls.filter((c) => c.kind === 'post').map((c) => c.message.text);

describe('silences', () => {
  let w: ReturnType<typeof world>;
  beforeEach(async () => {
    w = world('', ny('2026-02-10', '12:00'));
    await w.silences.create(silence({ id: 'night1', starts_at: w.clock.now() }));
  });

  it('holds posts of matching alerts only; on expiry one summary, then the still-open alert is posted', async () => {
    await w.service.process([result('stuck', '2026-02-08'), result('overdue', '2026-02-10')]);
    expect(w.chat.roots().map((c) => c.message.text)).toEqual([expect.stringContaining('overdue')]);
    expect((await w.store.get('stuck:phase2_to_phase3:2026-02-08'))?.mutedBy).toBe('night1');

    w.clock.advance(60 * MIN);
    await w.service.process([
      result('stuck', '2026-02-08', 'ok'),
      result('stuck', '2026-02-09'),
      result('overdue', '2026-02-10'),
    ]);
    expect(w.chat.roots()).toHaveLength(1);

    w.clock.advance(61 * MIN);
    await w.service.process([result('stuck', '2026-02-09'), result('overdue', '2026-02-10')]);
    const roots = w.chat.roots().map((c) => c.message.text);
    expect(roots).toHaveLength(3);
    expect(roots[1]).toBe('Silence night1 ended: 2 alert(s) fired while muted, 1 still open');
    expect(roots[2]).toContain('2026-02-09');
    // The one that fired and resolved while muted never got a root of its own.
    expect(roots.some((t) => t.includes('2026-02-08') && !t.startsWith('Silence'))).toBe(false);

    w.clock.advance(5 * MIN);
    await w.service.process([result('stuck', '2026-02-09'), result('overdue', '2026-02-10')]);
    expect(w.chat.roots()).toHaveLength(3);
  });

  it('an already posted alert that becomes muted gets no reminders until the silence ends', async () => {
    await w.silences.end('night1', 'U0ONCALL1', w.clock.now());
    await w.service.process([result('stuck', '2026-02-09')]);
    await w.silences.create(
      silence({
        id: 'later',
        matchers: { subject: 'phase2_*' },
        starts_at: w.clock.now(),
        ends_at: new Date(w.clock.now().getTime() + 600 * MIN),
      }),
    );
    w.clock.advance(5 * MIN);
    await w.service.process([result('stuck', '2026-02-09')]);
    const update = w.chat.updates().at(-1)!;
    expect(JSON.stringify(update.message.blocks)).toContain('Muted by silence `later`');
    w.clock.advance(300 * MIN);
    await w.service.process([result('stuck', '2026-02-09')]);
    expect(texts(w.chat).some((t) => t.includes('Reminder'))).toBe(false);
  });
});

describe('maintenance window over midnight', () => {
  const yaml = `maintenance_windows:
  - { cron: "0 23 * * *", duration: 3h, matchers: { check: stuck }, reason: nightly reload }`;

  it('is open from 23:00 to 02:00 (end exclusive)', () => {
    const w = { cron: '0 23 * * *', durationMs: 3 * 60 * MIN, matchers: {} };
    const tz = 'America/New_York';
    expect(openOccurrence(w, ny('2026-02-10', '22:59'), tz)).toBeUndefined();
    expect(openOccurrence(w, ny('2026-02-10', '23:00'), tz)).toEqual(ny('2026-02-10', '23:00'));
    expect(openOccurrence(w, ny('2026-02-11', '01:59'), tz)).toEqual(ny('2026-02-10', '23:00'));
    expect(openOccurrence(w, ny('2026-02-11', '02:00'), tz)).toBeUndefined();
  });

  it('holds a stuck alert at 23:30 and 01:59, then summarises and posts it at 02:00', async () => {
    const w = world(yaml, ny('2026-02-10', '23:30'));
    await w.service.process([result('stuck', '2026-02-09')]);
    w.clock.set(ny('2026-02-11', '01:59'));
    await w.service.process([result('stuck', '2026-02-09')]);
    expect(w.chat.calls).toHaveLength(0);
    w.clock.set(ny('2026-02-11', '02:00'));
    await w.service.process([result('stuck', '2026-02-09')]);
    const roots = w.chat.roots().map((c) => c.message.text);
    expect(roots).toHaveLength(2);
    expect(roots[0]).toMatch(/^Silence mw0-\d+ ended: 1 alert\(s\) fired while muted, 1 still open$/);
    expect(JSON.stringify(w.chat.roots()[0]!.message.blocks)).toContain('nightly reload');
  });
});

describe('escalation', () => {
  const yaml = `escalation:
  critical:
    - { after: 10m, mention_usergroup: S0ONCALL }
    - { after: 20m, dm_users: [U0LEAD] }`;

  it('mentions the group at N minutes and DMs at N+M, once each', async () => {
    const w = world(yaml, ny('2026-02-10', '12:00'));
    const fire = () => w.service.process([result('stuck', '2026-02-09')]);
    await fire();
    const rootTs = (await w.store.get('stuck:phase2_to_phase3:2026-02-09'))!.ts!;
    w.clock.advance(9 * MIN);
    await fire();
    expect(w.chat.threadReplies(rootTs)).toHaveLength(0);
    w.clock.advance(1 * MIN);
    await fire();
    expect(w.chat.threadReplies(rootTs).map((c) => c.message.text)).toEqual([
      expect.stringContaining('<!subteam^S0ONCALL>'),
    ]);
    w.clock.advance(19 * MIN);
    await fire();
    expect(w.chat.calls.filter((c) => c.message.channel === 'U0LEAD')).toHaveLength(0);
    w.clock.advance(1 * MIN);
    await fire();
    const dms = w.chat.calls.filter((c) => c.message.channel === 'U0LEAD');
    expect(dms).toHaveLength(1);
    expect(dms[0]!.message.text).toContain('Paged');
    expect(w.chat.threadReplies(rootTs).at(-1)!.message.text).toContain('<@U0LEAD> paged by direct message');
    const record = await w.store.get('stuck:phase2_to_phase3:2026-02-09');
    expect(record?.escalations?.map((e) => e.action)).toEqual(['mention', 'dm']);
    w.clock.advance(120 * MIN);
    await fire();
    expect(w.chat.calls.filter((c) => c.message.channel === 'U0LEAD')).toHaveLength(1);
  });

  it('a DM that fails (a deactivated user) is not retried: the thread note is posted once, nobody is paged twice', async () => {
    const w = world(yaml, ny('2026-02-10', '12:00'));
    const post = w.chat.post.bind(w.chat);
    let dmAttempts = 0;
    w.chat.post = async (message) => {
      if (message.channel === 'U0LEAD') {
        dmAttempts++;
        throw new Error('user_disabled');
      }
      return post(message);
    };
    const fire = () => w.service.process([result('stuck', '2026-02-09')]);
    await fire();
    const rootTs = (await w.store.get('stuck:phase2_to_phase3:2026-02-09'))!.ts!;
    w.clock.advance(10 * MIN);
    await fire();
    w.clock.advance(20 * MIN);
    await fire();
    const replies = w.chat.threadReplies(rootTs).length;
    expect(w.chat.threadReplies(rootTs).at(-1)!.message.text).toContain('<@U0LEAD> paged by direct message');
    expect(dmAttempts).toBe(1);
    w.clock.advance(1 * MIN);
    await fire();
    expect(dmAttempts).toBe(1);
    expect(w.chat.threadReplies(rootTs)).toHaveLength(replies);
  });

  it('stops after an acknowledge: nothing at N or N+M', async () => {
    const w = world(yaml, ny('2026-02-10', '12:00'));
    await w.service.process([result('stuck', '2026-02-09')]);
    w.clock.advance(5 * MIN);
    await w.service.acknowledge('stuck:phase2_to_phase3:2026-02-09', 'U0ONCALL1');
    const before = w.chat.calls.length;
    for (const m of [5, 20, 60]) {
      w.clock.advance(m * MIN);
      await w.service.process([result('stuck', '2026-02-09')]);
    }
    expect(w.chat.calls.slice(before).filter((c) => c.kind === 'post')).toHaveLength(0);
  });

  it('a step outside its hours is skipped and recorded, not posted', async () => {
    const w = world(
      `escalation:\n  critical:\n    - { after: 10m, mention_usergroup: S0ONCALL, hours: "22:00-07:00" }`,
      ny('2026-02-10', '12:00'),
    );
    await w.service.process([result('stuck', '2026-02-09')]);
    w.clock.advance(15 * MIN);
    await w.service.process([result('stuck', '2026-02-09')]);
    expect(w.chat.threadReplies()).toHaveLength(0);
    expect((await w.store.get('stuck:phase2_to_phase3:2026-02-09'))?.escalations?.[0]?.action).toBe(
      'skipped',
    );
  });
});

describe('storm control', () => {
  it('12 new alerts in one run: one summary root, each alert a reply with its buttons', async () => {
    const w = world('', ny('2026-02-10', '12:00'));
    const dates = Array.from({ length: 12 }, (_, i) => `2026-01-${String(10 + i).padStart(2, '0')}`);
    await w.service.process(dates.map((d) => result('stuck', d)));
    expect(w.chat.roots()).toHaveLength(1);
    expect(w.chat.roots()[0]!.message.text).toBe('12 alerts opened at once');
    const summaryTs = (await w.store.get(`stuck:phase2_to_phase3:${dates[0]}`))!.threadTs!;
    const replies = w.chat.threadReplies(summaryTs);
    expect(replies).toHaveLength(12);
    expect(replies.every((r) => JSON.stringify(r.message.blocks).includes('alert_acknowledge'))).toBe(true);
    // Still tracked one by one: a resolution edits that alert's own reply.
    await w.service.process([result('stuck', dates[3]!, 'ok')]);
    const rec = await w.store.get(`stuck:phase2_to_phase3:${dates[3]}`);
    expect(rec?.state).toBe('resolved');
    expect(w.chat.updates().some((u) => u.message.ts === rec?.ts)).toBe(true);
  });

  it('five at once (the default threshold) are posted as five roots', async () => {
    const w = world('', ny('2026-02-10', '12:00'));
    await w.service.process(['01', '02', '03', '04', '05'].map((d) => result('stuck', `2026-01-${d}`)));
    expect(w.chat.roots()).toHaveLength(5);
  });
});

describe('alert actions', () => {
  it('resolve manually: stays resolved while the check fails, fires again after it recovered', async () => {
    const w = world('', ny('2026-02-10', '12:00'));
    const fp = 'stuck:phase2_to_phase3:2026-02-09';
    await w.service.process([result('stuck', '2026-02-09')]);
    expect(await w.service.resolveManually(fp, 'U0ONCALL1')).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Resolved\./),
    });
    expect(texts(w.chat).at(-1)).toContain('Resolved by hand by <@U0ONCALL1>');
    await w.service.process([result('stuck', '2026-02-09')]);
    expect((await w.store.get(fp))?.state).toBe('resolved');
    await w.service.process([result('stuck', '2026-02-09', 'ok')]);
    await w.service.process([result('stuck', '2026-02-09')]);
    expect(await w.store.get(fp)).toMatchObject({ state: 'firing', occurrences: 2 });
  });

  it('a note goes to the thread (escaped) and the alert history', async () => {
    const w = world('', ny('2026-02-10', '12:00'));
    const fp = 'stuck:phase2_to_phase3:2026-02-09';
    await w.service.process([result('stuck', '2026-02-09')]);
    const out = await w.service.addNote(fp, 'U0ONCALL1', 'restarted <!channel> orchestrator');
    expect(out.ok).toBe(true);
    expect(texts(w.chat).at(-1)).toContain('restarted &lt;!channel&gt; orchestrator');
    expect((await w.store.get(fp))?.notes?.[0]).toMatchObject({ by: 'U0ONCALL1' });
    expect((await w.service.addNote(fp, 'U1', '   ')).ok).toBe(false);
  });
});
