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
    writeLegacy: async (event) =>
      void (await clients[0]!.collection('orchestrator_healing_events').doc(event.heal_id).set(event)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

healLogContract('local SQLite, 3 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-'));
  const dbs = [0, 1, 2].map(() => openDb(dir));
  const instances = dbs.map((db) => new LocalHealLog(db));
  return Promise.resolve({
    instances,
    // The columns of a store from before heal actions (a migrated one holds NULL in the new ones).
    writeLegacy: async (event) => {
      const names = Object.keys(event);
      const values = Object.values(event).map((v) => (v instanceof Date ? v.toISOString() : v));
      dbs[0]!
        .prepare(`INSERT INTO heal_events (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
        .run(...values);
    },
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

describe('local SQLite heal log: a store written before heal actions', () => {
  it('gains action and action_ref (null on old events) and takes new events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-heal-old-'));
    const db = openDb(dir);
    try {
      // The table as the first release created it.
      db.exec(`CREATE TABLE heal_events (heal_id TEXT PRIMARY KEY, transition TEXT NOT NULL, game_date TEXT NOT NULL,
        source TEXT NOT NULL, requested_by TEXT NOT NULL, status TEXT NOT NULL, reason TEXT, job_name TEXT,
        location TEXT, trigger_command TEXT, processors_complete INTEGER, expected_processors INTEGER,
        requested_at TEXT NOT NULL, finished_at TEXT, error TEXT, verified TEXT)`);
      db.prepare(
        `INSERT INTO heal_events (heal_id, transition, game_date, source, requested_by, status, job_name, location,
          requested_at, finished_at) VALUES ('old-1', 'phase2_to_phase3', '2026-02-09', 'button', 'U0ONCALL1',
          'triggered', 'same-day-phase3', 'us-west2', '2026-02-10T15:00:00.000Z', '2026-02-10T15:00:01.000Z')`,
      ).run();
      const log = new LocalHealLog(db);
      expect(await log.get('old-1')).toMatchObject({
        status: 'triggered',
        job_name: 'same-day-phase3',
        action: null,
        action_ref: null,
      });
      const e = healEvent({ heal_id: 'new-1', status: 'refused', action: 'http', action_ref: '202' });
      await log.record(e);
      expect(await log.get('new-1')).toEqual(e);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
