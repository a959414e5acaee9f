/**
 * Behaviour every `CompletionStore` adapter must share (Firestore, local SQLite). Import and call
 * `completionStoreContract(name, factory)` from a `*.test.ts` file.
 *
 * `seed(collection, date, data)` must store `data` as the backend stores real pipeline documents:
 * JS `Date` values become the backend's native timestamp (Firestore `Timestamp`), the document
 * is replaced as a whole.
 *
 * Each test writes to its own collections, so the contract needs no reset between tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionStore, DocRef } from '../../src/ports.js';

export interface CompletionStoreHarness {
  store: CompletionStore;
  seed(collection: string, date: string, data: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** `factory` returns null when the backend is unavailable: the block is then skipped. */
export function completionStoreContract(
  name: string,
  factory: () => Promise<CompletionStoreHarness> | null,
): void {
  const pending = factory();
  // Awaited in beforeAll; keep an early rejection from being reported as unhandled.
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): CompletionStore contract: ${name}`);

  describe.skipIf(pending === null)(`CompletionStore contract: ${name}`, () => {
    let h: CompletionStoreHarness;
    let n = 0;
    /** A collection name no other test uses. */
    const fresh = (label: string) => `c${++n}_${label}_completion`;

    beforeAll(async () => {
      h = (await pending)!;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('reports a missing document as exists:false, not triggered, no processors', async () => {
      const col = fresh('missing');
      const [doc] = await h.store.getMany([{ collection: col, date: '2026-02-09' }]);
      expect(doc).toEqual({
        collection: col,
        date: '2026-02-09',
        exists: false,
        processors: {},
        triggered: false,
      });
    });

    it('treats an absent _triggered as false', async () => {
      const col = fresh('untriggered');
      await h.seed(col, '2026-02-09', { p2_odds_game_lines: { status: 'success' } });
      const [doc] = await h.store.getMany([{ collection: col, date: '2026-02-09' }]);
      expect(doc!.exists).toBe(true);
      expect(doc!.triggered).toBe(false);
      expect(doc!.triggeredAt).toBeUndefined();
      expect(Object.keys(doc!.processors)).toEqual(['p2_odds_game_lines']);
    });

    it('parses processors and trigger fields; keys starting with "_" are not processors', async () => {
      const col = fresh('parsed');
      await h.seed(col, '2026-02-09', {
        p2_odds_game_lines: {
          status: 'success',
          completed_at: new Date('2026-02-10T06:01:02.003Z'),
          record_count: 1204,
        },
        p2_nbacom_boxscores: { status: 'failed', records_processed: 7, extra: { nested: true } },
        unexpected_processor: { status: 'success' },
        _triggered: true,
        _triggered_at: new Date('2026-02-10T06:30:00.000Z'),
        _trigger_reason: 'all_complete',
        _something_internal: { status: 'success' },
      });
      const [doc] = await h.store.getMany([{ collection: col, date: '2026-02-09' }]);
      expect(doc!.exists).toBe(true);
      expect(doc!.triggered).toBe(true);
      expect(doc!.triggerReason).toBe('all_complete');
      expect(doc!.triggeredAt?.toISOString()).toBe('2026-02-10T06:30:00.000Z');
      expect(Object.keys(doc!.processors).sort()).toEqual([
        'p2_nbacom_boxscores',
        'p2_odds_game_lines',
        'unexpected_processor',
      ]);
      expect(doc!.processors.p2_odds_game_lines).toEqual({
        name: 'p2_odds_game_lines',
        malformed: false,
        status: 'success',
        completedAt: new Date('2026-02-10T06:01:02.003Z'),
        recordCount: 1204,
      });
      expect(doc!.processors.p2_nbacom_boxscores).toMatchObject({
        status: 'failed',
        recordCount: 7,
        malformed: false,
      });
    });

    it('reports a processor whose value is not a map as malformed, but still reported', async () => {
      const col = fresh('malformed');
      await h.seed(col, '2026-02-09', {
        p2_bigdataball_pbp: 'done',
        p2_odds_player_props: 42,
        p2_odds_game_lines: true,
        p2_nbacom_gamebook_pdf: ['a'],
        p2_nbacom_boxscores: { status: 'success' },
      });
      const [doc] = await h.store.getMany([{ collection: col, date: '2026-02-09' }]);
      const p = doc!.processors;
      expect(Object.keys(p).sort()).toEqual([
        'p2_bigdataball_pbp',
        'p2_nbacom_boxscores',
        'p2_nbacom_gamebook_pdf',
        'p2_odds_game_lines',
        'p2_odds_player_props',
      ]);
      expect(p.p2_bigdataball_pbp!.malformed).toBe(true);
      expect(p.p2_odds_player_props!.malformed).toBe(true);
      expect(p.p2_odds_game_lines!.malformed).toBe(true);
      expect(p.p2_nbacom_gamebook_pdf!.malformed).toBe(true);
      expect(p.p2_nbacom_boxscores!.malformed).toBe(false);
    });

    it('returns native timestamps as Date with the same milliseconds', async () => {
      const col = fresh('timestamps');
      const completed = new Date(Date.UTC(2026, 1, 10, 3, 4, 5, 678));
      const triggered = new Date(Date.UTC(2026, 1, 10, 3, 34, 59, 1));
      await h.seed(col, '2026-02-09', {
        player_game_summary: { status: 'success', completed_at: completed },
        _triggered: true,
        _triggered_at: triggered,
      });
      const [doc] = await h.store.getMany([{ collection: col, date: '2026-02-09' }]);
      const completedAt = doc!.processors.player_game_summary!.completedAt;
      expect(completedAt).toBeInstanceOf(Date);
      expect(completedAt!.getTime()).toBe(completed.getTime());
      expect(doc!.triggeredAt).toBeInstanceOf(Date);
      expect(doc!.triggeredAt!.getTime()).toBe(triggered.getTime());
    });

    it('keeps the order of the request and answers duplicates', async () => {
      const a = fresh('order_a');
      const b = fresh('order_b');
      await h.seed(a, '2026-02-08', { p: { status: 'success' }, _triggered: true });
      await h.seed(b, '2026-02-09', { q: { status: 'failed' } });
      const refs: DocRef[] = [
        { collection: b, date: '2026-02-09' },
        { collection: a, date: '2026-02-08' },
        { collection: a, date: '2026-02-07' },
        { collection: b, date: '2026-02-09' },
        { collection: a, date: '2026-02-08' },
      ];
      const docs = await h.store.getMany(refs);
      expect(docs.map((d) => [d.collection, d.date, d.exists])).toEqual([
        [b, '2026-02-09', true],
        [a, '2026-02-08', true],
        [a, '2026-02-07', false],
        [b, '2026-02-09', true],
        [a, '2026-02-08', true],
      ]);
      expect(docs[0]).toEqual(docs[3]);
      expect(docs[1]).toEqual(docs[4]);
      expect(docs[1]!.triggered).toBe(true);
      expect(Object.keys(docs[0]!.processors)).toEqual(['q']);
    });

    it('answers an empty request with an empty list', async () => {
      expect(await h.store.getMany([])).toEqual([]);
    });

    it('reads many documents across two collections in one call', async () => {
      const p2 = fresh('phase2');
      const p3 = fresh('phase3');
      const dates = Array.from({ length: 30 }, (_, i) =>
        new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10),
      );
      // Seed every other date in phase2 and every third in phase3.
      await Promise.all([
        ...dates
          .filter((_, i) => i % 2 === 0)
          .map((d) => h.seed(p2, d, { p2_x: { status: 'success' }, _triggered: true })),
        ...dates.filter((_, i) => i % 3 === 0).map((d) => h.seed(p3, d, { p3_y: { status: 'success' } })),
      ]);
      const refs: DocRef[] = dates.flatMap((date) => [
        { collection: p2, date },
        { collection: p3, date },
      ]);
      const docs = await h.store.getMany(refs);
      expect(docs).toHaveLength(60);
      docs.forEach((doc, k) => {
        const i = Math.floor(k / 2);
        expect(doc.collection).toBe(refs[k]!.collection);
        expect(doc.date).toBe(dates[i]);
        if (doc.collection === p2) {
          expect(doc.exists).toBe(i % 2 === 0);
          expect(doc.triggered).toBe(i % 2 === 0);
        } else {
          expect(doc.exists).toBe(i % 3 === 0);
          expect(Object.keys(doc.processors)).toEqual(i % 3 === 0 ? ['p3_y'] : []);
        }
      });
    });

    it('answers ping', async () => {
      await expect(h.store.ping()).resolves.toBeUndefined();
    });
  });
}
