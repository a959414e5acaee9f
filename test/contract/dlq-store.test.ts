/** Runs the DlqStore contract over Firestore (emulator) and the local SQLite store. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreDlqStore } from '../../src/adapters/firestore/dlq-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalDlqStore } from '../../src/adapters/local/dlq-store.js';
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
