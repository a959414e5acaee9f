import { Firestore } from '@google-cloud/firestore';
import { it } from 'vitest';
import { firestoreSettings } from '../../src/adapters/firestore/client.js';
import { FirestoreHealLog } from '../../src/adapters/firestore/heal-log.js';
import { makeEvent } from '../../test/contract/heal-log.contract.js';
import { firestoreTestEnv } from '../../test/support/firestore.js';
const env = firestoreTestEnv()!;
it('probe', async () => {
  const clients = [0, 1, 2].map(() => new Firestore(firestoreSettings({ projectId: env.projectId, emulatorHost: env.host })));
  const logs = clients.map((c) => new FirestoreHealLog(c));
  await logs[0]!.ping(); await logs[1]!.ping(); await logs[2]!.ping();
  for (const n of [1, 3, 10]) {
    const t0 = Date.now();
    await Promise.all(Array.from({ length: n }, (_, i) => logs[i % 3]!.begin(makeEvent({ transition: `probe${n}` }), 60000)));
    console.log('N', n, Date.now() - t0);
  }
  const t0 = Date.now();
  await Promise.all(Array.from({ length: 3 }, (_, i) => logs[i]!.begin(makeEvent({ transition: `probeX${i}` }), 60000)));
  console.log('3 distinct', Date.now() - t0);
}, 60000);
