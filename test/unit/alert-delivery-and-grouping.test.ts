/** Alert delivery and grouping (SPEC §4). */
import { describe, expect, it } from 'vitest';
import { AlertService } from '../../src/alerts/service.js';
import type { CheckResult } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import type { ChatMessage } from '../../src/ports.js';
import { alertViews } from '../../src/views/alert-views.js';
import { checkResult } from '../support/builders.js';
import { FakeClock, ny, testConfig } from '../support/fixtures.js';
import { MemoryAlertStore, RecordingChat } from '../support/memory.js';

const config = testConfig({ ALERT_CHANNEL: 'C0ALERTS' });
const MIN = 60_000;

function result(
  check: CheckResult['check'],
  transition: string,
  date: string,
  status: CheckResult['status'] = 'fail',
  summary = `${check} ${transition} ${date}`,
): CheckResult {
  return checkResult({ check, transition, date, status, summary });
}

function setup(chat: RecordingChat, cfg: Config = config) {
  const clock = new FakeClock(ny('2026-02-10', '04:00'));
  const store = new MemoryAlertStore();
  const alerts = new AlertService({
    config: cfg,
    clock,
    log: silentLogger,
    store,
    chat,
    channel: 'C0ALERTS',
    instanceId: 'i1',
    views: alertViews,
  });
  return { clock, store, alerts };
}

describe('alert delivery', () => {
  it('an alert whose message can no longer be edited does not hold back every other alert', async () => {
    // E.g. someone deleted the first alert's message: chat.update fails for it, every time.
    class DeletedFirstRoot extends RecordingChat {
      override async update(m: ChatMessage & { ts: string }) {
        if (m.ts === '1700000000.000001') throw new Error('message_not_found');
        return super.update(m);
      }
    }
    const chat = new DeletedFirstRoot();
    const { alerts, clock } = setup(chat);
    await alerts.process([result('stuck', 'phase2_to_phase3', '2026-02-08')]);
    clock.advance(MIN);
    await alerts.process([result('stuck', 'phase2_to_phase3', '2026-02-08', 'ok')]);
    for (let i = 0; i < 3; i++) {
      clock.advance(MIN);
      await alerts.process([
        result('stuck', 'phase2_to_phase3', '2026-02-08', 'ok'),
        result('stuck', 'phase2_to_phase3', '2026-02-09'),
      ]);
    }
    expect(chat.roots().map((c) => c.message.text)).toEqual([
      expect.stringContaining('2026-02-08'),
      expect.stringContaining('2026-02-09'),
    ]);
  });

  it('a change made while the root is being edited still reaches the root', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inUpdate = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let hold = false;
    class SlowUpdate extends RecordingChat {
      override async update(m: ChatMessage & { ts: string }) {
        if (hold) {
          hold = false;
          entered();
          await gate;
        }
        return super.update(m);
      }
    }
    const chat = new SlowUpdate();
    const { alerts, clock, store } = setup(chat);
    const fp = 'stuck:phase2_to_phase3:2026-02-09';
    await alerts.process([result('stuck', 'phase2_to_phase3', '2026-02-09')]);
    clock.advance(MIN);
    hold = true;
    const tick = alerts.process([
      {
        ...result('stuck', 'phase2_to_phase3', '2026-02-09'),
        facts: [{ label: 'Processors', value: '5/5' }],
      },
    ]);
    await inUpdate; // the root edit for the new facts is in flight
    const ack = await alerts.acknowledge(fp, 'U1');
    expect(ack.ok).toBe(true);
    release();
    await tick;
    await alerts.deliverPending();
    expect((await store.get(fp))?.state).toBe('acknowledged');
    expect(JSON.stringify(chat.updates().at(-1)?.message.blocks)).toContain('Acknowledged');
  });

  it('data in thread notes is escaped for mrkdwn (no stray mentions or links)', async () => {
    const chat = new RecordingChat();
    const { alerts, clock } = setup(chat);
    await alerts.process([result('stuck', 'phase2_to_phase3', '2026-02-09', 'fail', 'bad <!channel> & co')]);
    clock.advance(MIN);
    await alerts.process([result('stuck', 'phase2_to_phase3', '2026-02-09', 'ok', 'fine <!channel> & co')]);
    const texts = chat.calls.map((c) => c.message.text);
    expect(texts.join('\n')).not.toContain('<!channel>');
    expect(chat.threadReplies().at(-1)?.message.text).toContain('fine &lt;!channel&gt; &amp; co');
  });
});

describe('downstream grouping', () => {
  it('a cascade over three transitions stays in one thread', async () => {
    const [p2, p3] = config.transitions as [Config['transitions'][number], Config['transitions'][number]];
    const cfg: Config = {
      ...config,
      transitions: [
        { ...p2, next: 'phase3_to_phase4' },
        { ...p3, deadline: '12:00', next: 'phase4_to_phase5' },
        {
          ...p3,
          id: 'phase4_to_phase5',
          collection: 'phase4_completion',
          deadline: '13:00',
          next: undefined,
        },
      ],
    };
    const chat = new RecordingChat();
    const { alerts, store } = setup(chat, cfg);
    await alerts.process([
      result('stuck', 'phase2_to_phase3', '2026-02-09'),
      result('overdue', 'phase3_to_phase4', '2026-02-10'),
      result('overdue', 'phase4_to_phase5', '2026-02-10'),
    ]);
    expect(chat.roots()).toHaveLength(1);
    const rootTs = (await store.get('stuck:phase2_to_phase3:2026-02-09'))?.ts;
    expect(chat.threadReplies(rootTs).map((c) => c.message.text)).toEqual([
      expect.stringContaining('phase3_to_phase4'),
      expect.stringContaining('phase4_to_phase5'),
    ]);
  });
});
