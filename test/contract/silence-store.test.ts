import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreSilenceStore, SILENCES_COLLECTION } from '../../src/adapters/firestore/silence-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalSilenceStore } from '../../src/adapters/local/silence-store.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { aSilence, silenceStoreContract } from './silence-store.contract.js';

const env = firestoreTestEnv();

silenceStoreContract('Firestore (emulator), 2 clients', () => {
  if (!env) return null;
  const clients = [0, 1].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreSilenceStore(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

silenceStoreContract('local SQLite, 2 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-silences-'));
  const dbs = [0, 1].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalSilenceStore(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe.skipIf(!env)('Firestore silence document', () => {
  it('keeps the SPEC §10 field names, with Timestamps for the times', async () => {
    const db = env!.client();
    const s = aSilence();
    await new FirestoreSilenceStore(db).create(s);
    const data = (await db.collection(SILENCES_COLLECTION).doc(s.id).get()).data()!;
    expect(Object.keys(data).sort()).toEqual(
      ['created_by', 'ends_at', 'id', 'matchers', 'reason', 'starts_at', 'summarized'].sort(),
    );
    expect(data.starts_at.toDate()).toEqual(s.starts_at);
    expect(data.matchers).toEqual(s.matchers);
  });
});
