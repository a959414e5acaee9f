import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore } from '@google-cloud/firestore';
import { describe, expect, it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreHealLog } from '../../src/adapters/firestore/heal-log.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalHealLog } from '../../src/adapters/local/heal-log.js';
import { healEvent } from '../support/builders.js';
import { firestoreTestEnv } from '../support/firestore.js';
import { healLogContract } from './heal-log.contract.js';

const env = firestoreTestEnv();

healLogContract('Firestore (emulator), 3 clients', () => {
  if (!env) return null;
  // Three separate clients on one emulator project: like three bot instances.
  const clients = [0, 1, 2].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreHealLog(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

healLogContract('local SQLite, 3 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-'));
  const dbs = [0, 1, 2].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalHealLog(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe.skipIf(!env)('Firestore heal log: where events live', () => {
  it('events are documents of orchestrator_healing_events keyed by heal_id, timestamps native', async () => {
    const client = new Firestore(
      firestoreSettings({ projectId: `${env!.projectId}-where`, emulatorHost: env!.host }),
    );
    try {
      const log = new FirestoreHealLog(client);
      const at = new Date('2026-02-10T15:00:00Z');
      const result = await log.begin(healEvent({ heal_id: 'h-where-1', requested_at: at }), 30 * 60_000);
      expect(result.ok).toBe(true);
      const snap = await client.collection('orchestrator_healing_events').doc('h-where-1').get();
      expect(snap.exists).toBe(true);
      expect(snap.get('status')).toBe('requested');
      expect(snap.get('requested_at').toDate()).toEqual(at);
    } finally {
      await client.terminate();
    }
  });
});
