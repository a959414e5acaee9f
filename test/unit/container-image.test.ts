/**
 * The Dockerfile's promises, checked on its text (no Docker engine in CI): a build stage that compiles
 * dist/, a runtime stage with production dependencies only (no dev, no optional native module, no install
 * scripts), a non-root user, and the documented start command; `.dockerignore` keeps local state out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeInstallArgs, stages } from '../../bench/dockerfile.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const [build, runtime] = stages(dockerfile);

describe('container image', () => {
  it('builds dist/ in a first stage and runs from a second', () => {
    expect(stages(dockerfile).map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(build!.lines).toContain('RUN npm run build');
    expect(runtime!.lines.some((l) => /npm run build|tsc/.test(l))).toBe(false);
    expect(runtime!.lines).toContain('COPY --from=build /app/dist/src ./dist/src');
  });

  it('installs production dependencies only in the runtime stage, without the native SQLite module', () => {
    const args = runtimeInstallArgs(dockerfile);
    expect(args.slice(0, 1)).toEqual(['ci']);
    expect(args).toEqual(expect.arrayContaining(['--omit=dev', '--omit=optional', '--ignore-scripts']));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.optionalDependencies).toHaveProperty('better-sqlite3');
    expect(pkg.dependencies).not.toHaveProperty('better-sqlite3');
  });

  it('runs as a non-root user with the documented command', () => {
    const user = runtime!.lines.filter((l) => l.startsWith('USER '));
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/^USER (root|0)(:|$)/);
    const userAt = runtime!.lines.indexOf(user[0]!);
    expect(runtime!.lines.findIndex((l) => l.startsWith('RUN '))).toBeLessThan(userAt);
    expect(runtime!.lines.at(-1)).toBe('CMD ["node", "dist/src/cli.js", "start"]');
  });

  it('copies only files that exist, and .dockerignore keeps local state and build output out', () => {
    for (const line of build!.lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
      for (const src of line.split(/\s+/).slice(1, -1)) expect(existsSync(join(ROOT, src)), src).toBe(true);
    }
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.pipeline-bot']));
  });
});
