import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { docId } from '../../src/adapters/firestore/alert-store.js';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import {
  FirestoreProbeStateStore,
  SERVICE_HEALTH_COLLECTION,
} from '../../src/adapters/firestore/probe-state-store.js';
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

describe('where each adapter keeps a probe state', () => {
  const probe = {
    name: 'orch.p2/health',
    consecutiveFailures: 2,
    lastProbeAt: new Date('2026-02-10T15:00:00Z'),
    lastLatencyMs: 40,
  };

  it.skipIf(!env)(`Firestore: ${SERVICE_HEALTH_COLLECTION}/{docId(name)}`, async () => {
    const db = new Firestore(firestoreSettings({ projectId: env!.projectId, emulatorHost: env!.host }));
    try {
      await new FirestoreProbeStateStore(db).putMany([probe]);
      const doc = await db.collection(SERVICE_HEALTH_COLLECTION).doc(docId(probe.name)).get();
      expect(doc.data()).toMatchObject({ name: probe.name });
    } finally {
      await db.terminate();
    }
  });

  it('SQLite: one row per service in service_health, replaced on each write', async () => {
    const db = openDb(':memory:');
    try {
      const store = new LocalProbeStateStore(db);
      await store.putMany([probe]);
      await store.putMany([{ ...probe, consecutiveFailures: 3 }]);
      expect(db.prepare('SELECT name, consecutive_failures FROM service_health').all()).toEqual([
        { name: probe.name, consecutive_failures: 3 },
      ]);
    } finally {
      db.close();
    }
  });
});
