import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreProbeStateStore } from '../../src/adapters/firestore/probe-state-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalProbeStateStore } from '../../src/adapters/local/probe-state-store.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { probeStateStoreContract } from './probe-state-store.contract.js';

const env = firestoreTestEnv();

probeStateStoreContract('Firestore (emulator), 2 clients', () => {
  if (!env) return null;
  const clients = [0, 1].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreProbeStateStore(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

probeStateStoreContract('local SQLite, 2 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-probes-'));
  const dbs = [0, 1].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalProbeStateStore(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
