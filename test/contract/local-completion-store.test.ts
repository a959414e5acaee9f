import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { completionStoreContract } from './completion-store.contract.js';

completionStoreContract('local SQLite', async () => {
  const db = openDb(':memory:');
  const store = new LocalCompletionStore(db);
  return {
    store,
    seed: (c, d, data) => store.put(c, d, data),
    close: async () => {
      db.close();
    },
  };
});

describe('local completion store on a file', () => {
  it('keeps documents across a restart (the bot and the CLI share the file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-completions-'));
    try {
      const first = openDb(dir);
      await new LocalCompletionStore(first).put('phase2_completion', '2026-02-09', {
        p2_odds_game_lines: { status: 'success', completed_at: new Date('2026-02-10T08:00:00Z') },
        _triggered: true,
      });
      first.close();
      const again = openDb(dir);
      const [doc] = await new LocalCompletionStore(again).getMany([
        { collection: 'phase2_completion', date: '2026-02-09' },
      ]);
      again.close();
      expect(doc?.triggered).toBe(true);
      expect(doc?.processors.p2_odds_game_lines?.completedAt?.toISOString()).toBe('2026-02-10T08:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
