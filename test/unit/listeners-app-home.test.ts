/**
 * App Home, opened as Bolt delivers `app_home_opened` (Bolt acks events itself; fake client, the digest's
 * in-memory world): the Home tab gets the dashboard the digest views render, with heal buttons only for
 * users the heal service allows; the Messages tab gets nothing; a permission check that fails hides the
 * buttons; a dashboard that cannot be built is replaced by a message with an error reference.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/model.js';
import type { HealService } from '../../src/heal/index.js';
import { appHomeOpened } from '../../src/listeners/events/app-home.js';
import { homeView } from '../../src/views/digest.js';
import { world as digestWorld, docData } from '../support/digest-world.js';
import { appHomeOpenedEvent, CallLog, expectErrorReply, recordingLogger } from '../support/fake-bolt.js';
import { ny, P2 } from '../support/fixtures.js';

const NOW = ny('2026-02-10', '09:00');

function world() {
  const w = digestWorld(NOW);
  w.healthy('2026-01-20', '2026-02-10');
  // Yesterday's Phase 2 all in but never triggered: stuck, so the dashboard has a heal button to show.
  w.completions.put('phase2_completion', '2026-02-09', docData(P2, ny('2026-02-10', '02:10'), false));
  const logger = recordingLogger();
  const deps = { ...w.deps(), log: logger.log };
  const calls = new CallLog();
  const published = () =>
    calls.firstArgs<{ user_id: string; view: { type: string; blocks: unknown[] } }>('client.views.publish');
  return { deps, calls, lines: logger.lines, published };
}

const healButtons = (view: { blocks: unknown[] }) =>
  JSON.stringify(view.blocks).match(/"action_id":"heal_trigger"/g)?.length ?? 0;

describe('App Home', () => {
  it.each([
    ['an allowed user, with the heal button', 'U0ONCALL1', true, 1],
    ['anyone else, without it', 'U0VISITOR', false, 0],
  ])('%s gets the dashboard as the digest view renders it', async (_name, user, canHeal, buttons) => {
    const w = world();
    await appHomeOpened(w.deps)(appHomeOpenedEvent(w.calls, user));
    expect(w.calls.names()).toEqual(['client.views.publish']);
    const expected = homeView(await buildDigest(w.deps, NOW), { canHeal });
    expect(w.published()).toEqual([{ user_id: user, view: expected }]);
    expect(healButtons(w.published()[0]!.view)).toBe(buttons);
  });

  it('the Messages tab publishes nothing', async () => {
    const w = world();
    await appHomeOpened(w.deps)(appHomeOpenedEvent(w.calls, 'U0ONCALL1', 'messages'));
    expect(w.calls.names()).toEqual([]);
  });

  it('a permission check that fails hides the heal buttons and is logged; the dashboard still shows', async () => {
    const w = world();
    w.deps.heal = {
      recent: async () => [],
      canHeal: async () => {
        throw new Error('usergroups.users.list failed');
      },
    } as unknown as HealService;
    await appHomeOpened(w.deps)(appHomeOpenedEvent(w.calls, 'U0ONCALL1'));
    const expected = homeView(await buildDigest(w.deps, NOW), { canHeal: false });
    expect(w.published()[0]!.view).toEqual(expected);
    expect(healButtons(w.published()[0]!.view)).toBe(0);
    expect(w.lines.some((l) => String(l.msg).includes('could not check heal permission'))).toBe(true);
  });

  it('a dashboard that cannot be built: a short message with an error reference, nothing raw', async () => {
    const w = world();
    w.deps.clock = {
      now: () => {
        throw new Error('clock source unavailable');
      },
    };
    await appHomeOpened(w.deps)(appHomeOpenedEvent(w.calls, 'U0ONCALL1'));
    const [published] = w.published();
    expect(published!.view.type).toBe('home');
    const text = JSON.stringify(published!.view.blocks);
    expect(text).toMatch(
      /The dashboard could not be built: a backend did not answer\. Reopen the tab in a minute/,
    );
    expectErrorReply(text, w.lines, 'clock source unavailable');
  });
});
