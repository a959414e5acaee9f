import { expect, it } from 'vitest';
import { latestCompletion } from '../../src/warehouse/phase-completions.js';
import type { PhaseCompletionRow } from '../../src/warehouse/ports.js';

const at = (iso: string) => new Date(iso);
const row = (extra: Partial<PhaseCompletionRow>): PhaseCompletionRow => ({
  gameDate: '2026-02-18',
  phase: 'phase2',
  isTriggered: false,
  ...extra,
});

it('the latest row ignores NULL updated_at and breaks ties: triggered, then more processors, then reason', () => {
  expect(latestCompletion([row({ isTriggered: true })])).toBeUndefined();
  const t = at('2026-02-18T10:00:00Z');
  const rows = [
    row({ updatedAt: t, isTriggered: null }),
    row({ updatedAt: t, isTriggered: false, completedProcessorCount: 9 }),
    row({ updatedAt: t, isTriggered: true, completedProcessorCount: 3, triggerReason: 'b' }),
    row({ updatedAt: t, isTriggered: true, completedProcessorCount: 3, triggerReason: 'a' }),
    row({ updatedAt: t, isTriggered: true, triggerReason: 'z' }),
    row({ updatedAt: at('2026-02-18T09:00:00Z'), isTriggered: true, completedProcessorCount: 99 }),
    row({ isTriggered: true, completedProcessorCount: 100 }),
  ];
  for (const order of [rows, [...rows].reverse()]) {
    expect(latestCompletion(order)).toMatchObject({
      isTriggered: true,
      completedProcessorCount: 3,
      triggerReason: 'a',
    });
  }
});
