import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Firestore } from '@google-cloud/firestore';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFirestore } from '../../src/adapters/firestore/client.js';
import { FirestoreCompletionStore } from '../../src/adapters/firestore/completion-store.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { completionStoreContract } from './completion-store.contract.js';

const env = firestoreTestEnv();

completionStoreContract('Firestore (emulator)', () => {
  if (!env) return null;
  const db = env.client();
  return Promise.resolve({
    store: new FirestoreCompletionStore(db),
    // Dates become Firestore Timestamps, as the pipeline writes them.
    seed: async (collection: string, date: string, data: Record<string, unknown>) => {
      await db.collection(collection).doc(date).set(data);
    },
    close: async () => {},
  });
});

describeFirestore('FirestoreCompletionStore (Firestore specifics)', () => {
  let db: Firestore;
  let store: FirestoreCompletionStore;

  beforeAll(() => {
    db = env!.client();
    store = new FirestoreCompletionStore(db);
  });
  beforeEach(async () => {
    vi.restoreAllMocks();
    await env!.reset();
  });

  it('issues exactly one getAll per getMany, with duplicates removed', async () => {
    await db.doc('phase2_completion/2026-02-09').set({ p2_odds_game_lines: { status: 'success' } });
    const getAll = vi.spyOn(db, 'getAll');
    const refs = [
      { collection: 'phase2_completion', date: '2026-02-09' },
      { collection: 'phase3_completion', date: '2026-02-10' },
      { collection: 'phase2_completion', date: '2026-02-09' },
    ];
    const docs = await store.getMany(refs);
    expect(getAll).toHaveBeenCalledTimes(1);
    expect(getAll.mock.calls[0]!.map((ref) => (ref as { path: string }).path)).toEqual([
      'phase2_completion/2026-02-09',
      'phase3_completion/2026-02-10',
    ]);
    expect(docs.map((d) => d.exists)).toEqual([true, false, true]);
  });

  it('makes no call for an empty request', async () => {
    const getAll = vi.spyOn(db, 'getAll');
    expect(await store.getMany([])).toEqual([]);
    expect(getAll).not.toHaveBeenCalled();
  });

  it('reset() empties this project', async () => {
    await db.doc('phase2_completion/2026-02-09').set({ x: { status: 'success' } });
    await env!.reset();
    const [doc] = await store.getMany([{ collection: 'phase2_completion', date: '2026-02-09' }]);
    expect(doc!.exists).toBe(false);
  });
});

describe('FirestoreCompletionStore.ping', () => {
  it('fails within its timeout when Firestore does not answer', async () => {
    const hanging = { doc: () => ({ get: () => new Promise(() => {}) }) } as unknown as Firestore;
    const started = Date.now();
    await expect(new FirestoreCompletionStore(hanging, 50).ping()).rejects.toThrow(
      /did not answer within 50 ms/,
    );
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a hung read fails with a clear error after its deadline instead of waiting out the client retries', async () => {
    const doc = (path: string) => ({ path });
    const hanging = {
      collection: (c: string) => ({ doc: (d: string) => doc(`${c}/${d}`) }),
      getAll: () => new Promise(() => {}),
    } as unknown as Firestore;
    await expect(
      new FirestoreCompletionStore(hanging, 50, 60).getMany([
        { collection: 'phase2_completion', date: '2026-02-09' },
      ]),
    ).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', message: expect.stringContaining('within 0.06 s') });
  });
});

describeFirestore('createFirestore with an emulator host', () => {
  // A fake metadata server: Google's auth library probes it when it looks for credentials.
  const metadataHits: string[] = [];
  const metadata = createServer((req, res) => {
    metadataHits.push(req.url ?? '');
    res.statusCode = 404;
    res.end();
  });
  const saved: Record<string, string | undefined> = {};
  let home = '';

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'pipeline-bot-home-'));
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    const overrides: Record<string, string | undefined> = {
      // Let metadata detection run for real (the test config sets it to "none"), against the fake.
      METADATA_SERVER_DETECTION: undefined,
      GCE_METADATA_HOST: `127.0.0.1:${(metadata.address() as AddressInfo).port}`,
      GOOGLE_APPLICATION_CREDENTIALS: undefined,
      FIRESTORE_EMULATOR_HOST: undefined,
      // No gcloud application-default credentials file either.
      HOME: home,
      CLOUDSDK_CONFIG: join(home, 'gcloud'),
    };
    for (const [key, value] of Object.entries(overrides)) {
      saved[key] = process.env[key];
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await new Promise((resolve) => metadata.close(resolve));
    rmSync(home, { recursive: true, force: true });
  });

  it('reads and writes with no credentials and never asks the metadata server', async () => {
    const db = await createFirestore({ projectId: `${env!.projectId}-factory`, emulatorHost: env!.host });
    try {
      // ignoreUndefinedProperties: undefined fields are dropped instead of throwing.
      await db
        .doc('phase3_completion/2026-02-10')
        .set({ player_game_summary: { status: 'success', note: undefined } });
      const [doc] = await new FirestoreCompletionStore(db).getMany([
        { collection: 'phase3_completion', date: '2026-02-10' },
      ]);
      expect(doc!.processors.player_game_summary).toMatchObject({ status: 'success', malformed: false });
      await new FirestoreCompletionStore(db).ping();
    } finally {
      await db.terminate();
    }
    expect(metadataHits).toEqual([]);
  });
});
