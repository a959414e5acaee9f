import { Firestore } from '@google-cloud/firestore';
const noCred = { universeDomain: 'googleapis.com', projectId: 'x', getProjectId: async () => 'x', getAccessToken: async () => ({ token: 'owner' }), getRequestHeaders: async () => ({ Authorization: 'Bearer owner' }) };
const db = new Firestore({ projectId: 'x', host: '127.0.0.1:1', ssl: false, preferRest: false, customHeaders: { Authorization: 'Bearer owner' }, authClient: noCred });
const t0 = Date.now();
const iv = setInterval(() => console.log('...', Date.now() - t0), 30000);
const run = async (name, fn) => { const t = Date.now(); try { await fn(); console.log(name, 'ok'); } catch (e) { console.log(name, Date.now() - t, e.message.slice(0,120)); } };
await Promise.all([
  run('commit', () => db.batch().create(db.doc('a/c'), {x:1}).commit()),
  run('get', () => db.doc('a/b').get()),
  run('tx', () => db.runTransaction(async (tx) => { await tx.get(db.doc('a/b')); tx.set(db.doc('a/b'), {y:1}); })),
  run('query', () => db.collection('a').where('x','==',1).get()),
]);
clearInterval(iv);
await db.terminate();
