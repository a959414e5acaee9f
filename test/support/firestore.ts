/**
 * Firestore emulator helpers for tests. The emulator is started once per run by
 * `global-setup.ts`; every test file gets its own project id, which the emulator keeps isolated,
 * so files running in parallel never see each other's documents.
 */
import { randomUUID } from 'node:crypto';
import { Firestore } from '@google-cloud/firestore';
import { afterAll, describe, inject } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';

export interface FirestoreTestEnv {
  /** `host:port` of the emulator. */
  host: string;
  /** Unique to this env (one per test file): the emulator isolates data by project id. */
  projectId: string;
  /** A client for this project (same settings as `createFirestore`); one per env, terminated after the file. */
  client(): Firestore;
  /** Deletes every document of this project. */
  reset(): Promise<void>;
}

export function emulatorHost(): string | null {
  return inject('firestoreEmulatorHost') ?? null;
}

/** Returns null when the emulator is not running (the global setup already warned loudly). */
export function firestoreTestEnv(): FirestoreTestEnv | null {
  const host = emulatorHost();
  if (!host) return null;
  const projectId = `test-${randomUUID().slice(0, 12)}`;
  let db: Firestore | undefined;
  afterAll(async () => {
    await db?.terminate();
  });
  return {
    host,
    projectId,
    client() {
      db ??= new Firestore(firestoreSettings({ projectId, emulatorHost: host }));
      return db;
    },
    async reset() {
      const res = await fetch(
        `http://${host}/emulator/v1/projects/${projectId}/databases/(default)/documents`,
        {
          method: 'DELETE',
        },
      );
      if (!res.ok) throw new Error(`emulator reset failed: ${res.status} ${await res.text()}`);
    },
  };
}

/** `describe` that is skipped, loudly, when the Firestore emulator is not running. */
export function describeFirestore(name: string, fn: () => void): void {
  const host = emulatorHost();
  if (!host) console.warn(`!!! SKIPPED (no Firestore emulator): ${name}`);
  describe.skipIf(!host)(name, fn);
}
