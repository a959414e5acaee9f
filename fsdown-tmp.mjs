import { Firestore } from '@google-cloud/firestore';
const noCred = { universeDomain: 'googleapis.com', projectId: 'x', getProjectId: async () => 'x', getAccessToken: async () => ({ token: 'owner' }), getRequestHeaders: async () => ({ Authorization: 'Bearer owner' }) };
const db = new Firestore({ projectId: 'x', host: '127.0.0.1:1', ssl: false, preferRest: false, customHeaders: { Authorization: 'Bearer owner' }, authClient: noCred });
let t = Date.now();
try { await db.getAll(db.doc('a/b')); } catch (e) { console.log('getAll', Date.now() - t, e.message.slice(0,200)); }
t = Date.now();
try { await db.batch().create(db.doc('a/c'), {x:1}).commit(); } catch (e) { console.log('commit', Date.now() - t, e.message.slice(0,200)); }
t = Date.now();
try { await db.doc('a/b').get(); } catch (e) { console.log('get', Date.now() - t, e.message.slice(0,200)); }
await db.terminate();
