/**
 * The embedded store's memory has a bound (README *Benchmarks*, memory): SQLite's page cache is set
 * explicitly, not left at better-sqlite3's 16 MB build default that fills as the file grows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb, PAGE_CACHE_KIB } from '../../src/adapters/local/db.js';

describe('local store page cache', () => {
  it('is bounded at PAGE_CACHE_KIB, well under the 16 MB build default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-page-cache-'));
    try {
      const db = openDb(dir);
      expect(db.pragma('cache_size', { simple: true })).toBe(-PAGE_CACHE_KIB);
      expect(PAGE_CACHE_KIB).toBeLessThan(16_000);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
