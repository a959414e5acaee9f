import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { completionStoreContract } from './completion-store.contract.js';

completionStoreContract('local SQLite', async () => {
  const db = openDb(':memory:');
  const store = new LocalCompletionStore(db);
  return {
    store,
    seed: (c, d, data) => store.put(c, d, data),
    close: async () => {
      db.close();
    },
  };
});
