/**
 * Stored values are escaped when rendered, whatever their age: a tampered heal target, a requester or an
 * alert summary holding `<!channel>` or a link shows as text in the digest, App Home and history.
 */
import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/digest/model.js';
import { digestView, homeView } from '../../src/views/digest.js';
import { historyView } from '../../src/views/history.js';
import { healEvent, world } from '../support/digest-world.js';
import { ny, TZ } from '../support/fixtures.js';

const NOW = ny('2026-02-10', '08:00');
const LIVE = /<[!#]|<http|<@(?!U0ONCALL1>)/i;

const tampered = healEvent({
  heal_id: 'h-evil',
  transition: '<!channel> <https://evil.example|click>',
  game_date: '<!here>',
  requested_by: '<!subteam^S0ALL>',
  status: 'refused',
  reason: 'Unknown heal target "<@U0EVIL>"',
  requested_at: ny('2026-02-09', '09:00'),
});

describe('stored text rendered as text', () => {
  it('history: a tampered heal event shows no live mention or link', () => {
    const ran = healEvent({ status: 'triggered', action: 'pubsub', action_ref: '<!here> <@U0EVIL>' });
    const view = historyView({ days: 7, tz: TZ, heals: [tampered, ran], alerts: [] });
    const json = JSON.stringify(view);
    expect(json).not.toMatch(LIVE);
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('via pubsub `&lt;!here&gt; &lt;@U0EVIL&gt;`');
  });

  it('digest and App Home: the same event shows no live mention or link', async () => {
    const w = world(NOW);
    w.heals.push(tampered);
    const model = await buildDigest(w.deps(), NOW);
    for (const view of [digestView(model), homeView(model, { canHeal: true })]) {
      const json = JSON.stringify(view.blocks);
      expect(json).not.toMatch(LIVE);
      expect(json).toContain('&lt;!channel&gt;');
    }
  });
});
