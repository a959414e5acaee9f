/** Runs the DlqStore contract over Firestore (emulator) and the local SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { docId } from '../../src/adapters/firestore/alert-store.js';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { DLQ_COLLECTION, FirestoreDlqStore } from '../../src/adapters/firestore/dlq-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalDlqStore } from '../../src/adapters/local/dlq-store.js';
import { dlqRecord } from '../support/builders.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { dlqStoreContract } from './dlq-store.contract.js';

const env = firestoreTestEnv();

dlqStoreContract('Firestore (emulator), 2 clients', () => {
  if (!env) return null;
  const clients = [0, 1].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreDlqStore(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

dlqStoreContract('local SQLite, 2 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-dlq-'));
  const dbs = [0, 1].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalDlqStore(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe('where each adapter keeps a dead letter', () => {
  const record = dlqRecord({ subscription: 'storage-facts', message_id: 'm-1' });

  it.skipIf(!env)(`Firestore: ${DLQ_COLLECTION}/{subscription:message_id}, recorded once`, async () => {
    const db = new Firestore(firestoreSettings({ projectId: env!.projectId, emulatorHost: env!.host }));
    try {
      expect(await new FirestoreDlqStore(db).record(record)).toBe(true);
      const doc = await db.collection(DLQ_COLLECTION).doc(docId('storage-facts:m-1')).get();
      expect(doc.data()).toMatchObject({ subscription: 'storage-facts', message_id: 'm-1' });
    } finally {
      await db.terminate();
    }
  });

  it('SQLite: one row in dlq_messages, in the file under DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-dlq-facts-'));
    const db = openDb(dir);
    try {
      const store = new LocalDlqStore(db);
      expect(await store.record(record)).toBe(true);
      expect(await store.record(record)).toBe(false);
      expect(db.prepare('SELECT COUNT(*) AS n FROM dlq_messages').get()).toEqual({ n: 1 });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
