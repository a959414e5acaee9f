#!/usr/bin/env node
// `npm start` / `npm run cli`: compiles dist/ only when a source changed since the last build, without
// loading TypeScript when nothing did (an up-to-date start then costs one directory walk, not ~0.5 s of
// compiler start-up). Stale when any file or folder under src/, bench/ or scripts/ (a folder's time changes when a
// file is added, renamed or removed), or a tsconfig, is newer than dist/.tsbuildinfo; then `tsc -b`.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};

function newest(path) {
  let latest = mtime(path) ?? 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(child) : (mtime(child) ?? 0));
  }
  return latest;
}

const built = mtime(join(root, 'dist/.tsbuildinfo'));
const inputs = Math.max(
  newest(join(root, 'src')),
  newest(join(root, 'bench')),
  newest(join(root, 'scripts')),
  mtime(join(root, 'tsconfig.json')) ?? 0,
  mtime(join(root, 'tsconfig.build.json')) ?? 0,
);
if (built === undefined || inputs > built) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // A failed build must not look fresh next time (tsc -b records errors but still writes its build info).
  if (result.status !== 0) rmSync(join(root, 'dist/.tsbuildinfo'), { force: true });
  process.exit(result.status ?? 1);
}
