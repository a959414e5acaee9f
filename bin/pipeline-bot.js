#!/usr/bin/env node
// The launcher: runs the compiled CLI (`dist/src/cli.js`, built by `npm run build`, `npm start` or
// `npm run cli`) with this process's arguments, environment and terminal. `main` itself is importable.
import('../dist/src/cli.js').then(
  (cli) => cli.run(),
  (err) => {
    // Only the CLI itself missing means "not built"; a missing package inside it is a real error.
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/src/cli.js')) {
      console.error('pipeline-bot is not built yet: run `npm run build` first.');
      process.exit(2);
    }
    throw err;
  },
);
