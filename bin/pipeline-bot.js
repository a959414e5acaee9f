#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm start` / `npm run cli`).
import('../dist/src/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('pipeline-bot is not built yet: run `npm run build` first.');
    process.exit(2);
  }
  throw err;
});
