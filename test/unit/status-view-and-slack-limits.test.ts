import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { StatusModel } from '../../src/checks/status.js';
import { deriveState } from '../../src/pipeline/state.js';
import { capBlocks, LIMITS, listWithMore, section } from '../../src/views/blocks.js';
import { statusView, transitionLabel } from '../../src/views/status.js';
import { renderMessage } from '../../src/views/terminal.js';
import { decodeValue, healValue } from '../../src/views/values.js';
import { ny, P2, p2Doc, TZ, testConfig } from '../support/fixtures.js';

const config = testConfig();
const [p2, p3] = config.transitions as [
  NonNullable<(typeof config.transitions)[0]>,
  NonNullable<(typeof config.transitions)[0]>,
];

function model(now: Date): StatusModel {
  const stuck = deriveState({
    transition: p2,
    doc: p2Doc('2026-02-09', P2, ny('2026-02-10', '03:00')),
    now,
    tz: TZ,
    games: 5,
  });
  const waiting = deriveState({ transition: p3, doc: p2Doc('2026-02-10', [], now), now, tz: TZ, games: 5 });
  return {
    runDate: '2026-02-10',
    tz: TZ,
    now,
    items: [
      { transition: p2, state: stuck, silent: [], openAlerts: 1 },
      { transition: p3, state: waiting, silent: ['upcoming_team_game_context'], openAlerts: 0 },
    ],
  };
}

describe('status view', () => {
  const view = statusView(model(ny('2026-02-10', '09:00')));

  it('has a plain-text fallback naming each transition and its state', () => {
    expect(view.text).toContain('phase2_to_phase3 2026-02-09: stuck (5/5)');
    expect(view.text).toContain('phase3_to_phase4 2026-02-10: waiting (0/5) missing player_game_summary');
  });

  it('offers the heal button with a confirm dialog only where stuck, carrying only transition and date', () => {
    const buttons = view.blocks.flatMap((b) =>
      b.type === 'section' && b.accessory?.type === 'button' ? [b.accessory] : [],
    );
    expect(buttons).toHaveLength(1);
    expect(buttons[0]?.text.text).toBe('Trigger Phase 3');
    expect(buttons[0]?.confirm?.confirm?.text).toBe('Run it');
    expect(decodeValue(healValue, buttons[0]?.value)).toEqual({ t: 'phase2_to_phase3', d: '2026-02-09' });
  });

  it('renders to the terminal with the same content', () => {
    const text = renderMessage(view);
    expect(text).toContain('Phase 2 → 3');
    expect(text).toContain('[ Trigger Phase 3 ]');
    expect(text).toContain('Silent for days (drift): upcoming_team_game_context');
    expect(text).not.toMatch(/:[a-z_]+:/);
  });

  it('hides heal buttons from those who may not heal', () => {
    const v = statusView(model(ny('2026-02-10', '09:00')), { canHeal: false });
    expect(v.blocks.some((b) => b.type === 'section' && b.accessory)).toBe(false);
  });
});

describe('Slack limits', () => {
  it('caps a message at 50 blocks and says how many were cut', () => {
    const many: KnownBlock[] = Array.from({ length: 80 }, (_, i) => section(`row ${i}`));
    const capped = capBlocks(many);
    expect(capped).toHaveLength(LIMITS.blocks);
    expect(JSON.stringify(capped.at(-1))).toContain('31 more blocks');
  });
  it('cuts section text to 3000 characters', () => {
    expect(((section('x'.repeat(5000)) as SectionBlock).text?.text ?? '').length).toBe(3000);
  });
  it('lists with "and N more"', () => {
    expect(listWithMore(['a', 'b', 'c', 'd'], 2)).toBe('a, b, and 2 more');
  });
  it('labels transitions by phase', () => {
    expect(transitionLabel('phase2_to_phase3')).toBe('Phase 2 → 3');
    expect(transitionLabel('custom')).toBe('custom');
  });
});

describe('button values are never trusted', () => {
  it.each([
    ['not json', undefined],
    [JSON.stringify({ t: 'phase2_to_phase3' }), undefined],
    [JSON.stringify({ t: 'phase2_to_phase3', d: '2026-02-09', extra: 1 }), undefined],
    [JSON.stringify({ t: 'phase2_to_phase3', d: "2026-02-09'; drop" }), undefined],
    [42, undefined],
  ])('%j → rejected', (raw, expected) => {
    expect(decodeValue(healValue, raw)).toBe(expected);
  });
});
