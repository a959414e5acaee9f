import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreLeaseStore } from '../../src/adapters/firestore/lease-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalLeaseStore } from '../../src/adapters/local/lease-store.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { leaseStoreContract } from './lease-store.contract.js';

const env = firestoreTestEnv();

leaseStoreContract('Firestore (emulator), 3 clients', () => {
  if (!env) return null;
  const clients = [0, 1, 2].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreLeaseStore(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

leaseStoreContract('local SQLite, 3 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-leases-'));
  const dbs = [0, 1, 2].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalLeaseStore(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe('local lease store on a file', () => {
  it('a lease and the last completed run survive a restart of the process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-leases-restart-'));
    try {
      const now = new Date('2026-02-10T09:00:00Z');
      const first = openDb(dir);
      const a = new LocalLeaseStore(first);
      expect(await a.acquire('checks', 'old-process', 60_000, now)).toBe(true);
      await a.markCompleted('checks', now);
      first.close();
      const again = openDb(dir);
      const b = new LocalLeaseStore(again);
      expect(await b.lastCompleted('checks')).toEqual(now);
      expect(await b.acquire('checks', 'new-process', 60_000, new Date(now.getTime() + 1000))).toBe(false);
      expect(await b.acquire('checks', 'new-process', 60_000, new Date(now.getTime() + 61_000))).toBe(true);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
