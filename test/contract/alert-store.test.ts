import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Firestore, Timestamp } from '@google-cloud/firestore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_COLLECTION, FirestoreAlertStore } from '../../src/adapters/firestore/alert-store.js';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { LocalAlertStore } from '../../src/adapters/local/alert-store.js';
import { type Db, openDb } from '../../src/adapters/local/db.js';
import { describeFirestore, firestoreTestEnv } from '../support/firestore.js';
import { alertStoreContract, makeAlert } from './alert-store.contract.js';

const env = firestoreTestEnv();

alertStoreContract('Firestore (emulator), 3 clients', () => {
  if (!env) return null;
  // Three separate clients on one emulator project: like three bot instances.
  const clients = [0, 1, 2].map(
    () => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })),
  );
  return Promise.resolve({
    instances: clients.map((c) => new FirestoreAlertStore(c)),
    close: async () => {
      await Promise.all(clients.map((c) => c.terminate()));
    },
  });
});

alertStoreContract('local SQLite, 3 connections to one file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-alerts-'));
  const dbs = [0, 1, 2].map(() => openDb(dir));
  return Promise.resolve({
    instances: dbs.map((db) => new LocalAlertStore(db)),
    close: async () => {
      for (const db of dbs) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describeFirestore('FirestoreAlertStore (stored layout)', () => {
  let db: Firestore;
  let store: FirestoreAlertStore;

  beforeAll(() => {
    db = env!.client();
    store = new FirestoreAlertStore(db);
  });

  it('keys the document by the encoded fingerprint, with native Timestamps and the query fields', async () => {
    const fp = 'stuck:phase2_to_phase3/x:2026-02-09';
    const rec = makeAlert(fp, {
      state: 'resolved',
      resolvedAt: new Date('2026-02-10T16:00:00.456Z'),
      deliveryLock: { holder: 'instance-a', until: new Date('2026-02-10T16:00:30.000Z') },
      outbox: [{ id: 'u1', kind: 'update' }],
    });
    await store.update(fp, () => rec);
    const snap = await db
      .collection(ALERTS_COLLECTION)
      .doc('stuck%3Aphase2_to_phase3%2Fx%3A2026-02-09')
      .get();
    expect(snap.exists).toBe(true);
    const data = snap.data()!;
    expect(data.fingerprint).toBe(fp);
    expect(data.active).toBe(true);
    expect(data.firstSeenAt).toBeInstanceOf(Timestamp);
    expect(data.deliveryLock.until).toBeInstanceOf(Timestamp);
    expect((data.touchedAt as Timestamp).toDate().toISOString()).toBe('2026-02-10T16:00:00.456Z');
    // The query fields never leak into the record.
    expect(await store.get(fp)).toEqual(rec);

    await store.update(fp, (cur) => ({ ...cur!, outbox: [] }));
    expect((await db.collection(ALERTS_COLLECTION).doc(snap.id).get()).data()!.active).toBe(false);
  });
});

describe('LocalAlertStore across processes', () => {
  let dir: string;
  let db: Db;
  let store: LocalAlertStore;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-alerts-proc-'));
    db = openDb(dir);
    store = new LocalAlertStore(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an update waits for another process holding the write lock, then builds on its write', async () => {
    const fp = 'stuck:phase2_to_phase3:2026-02-09';
    await store.update(fp, () => makeAlert(fp));
    // Another process: takes the write lock, appends to the outbox, holds the lock a while, commits.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3');
         const db = new Database(process.env.DB_FILE);
         db.pragma('busy_timeout = 5000');
         db.exec('BEGIN IMMEDIATE');
         const row = db.prepare('SELECT data FROM alerts WHERE fingerprint = ?').get(process.env.FP);
         const rec = JSON.parse(row.data);
         rec.outbox.push({ id: 'from-other-process', kind: 'update' });
         db.prepare('UPDATE alerts SET data = ? WHERE fingerprint = ?').run(JSON.stringify(rec), process.env.FP);
         process.stdout.write('locked\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
         db.exec('COMMIT');
         db.close();`,
      ],
      { cwd: process.cwd(), env: { ...process.env, DB_FILE: join(dir, 'pipeline-bot.sqlite'), FP: fp } },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c) => String(c).includes('locked') && resolve());
      child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });

    const started = Date.now();
    const after = await store.update(fp, (cur) => ({
      ...cur!,
      outbox: [...cur!.outbox, { id: 'from-this-process', kind: 'update' }],
    }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await exited).toBe(0);
    expect(after!.outbox.map((o) => o.id)).toEqual(['from-other-process', 'from-this-process']);
    expect((await store.get(fp))!.outbox.map((o) => o.id)).toEqual([
      'from-other-process',
      'from-this-process',
    ]);
  });

  it('opening the store again on an existing file keeps the records', async () => {
    const fp = 'overdue:phase3_to_phase4:2026-02-10';
    await store.update(fp, () => makeAlert(fp));
    const again = openDb(dir);
    try {
      expect(await new LocalAlertStore(again).get(fp)).toEqual(makeAlert(fp));
    } finally {
      again.close();
    }
  });
});
