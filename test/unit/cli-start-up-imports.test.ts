/**
 * CLI start-up (README *Benchmarks*): the entry reads the command before loading anything, so `help`
 * loads only node built-ins and the usage text, and local `status` never loads the services, Bolt, the
 * Google clients or pino. Checked over the static imports (`import type` is erased, `import()` is on demand).
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** The modules a file loads when it is evaluated: static `import … from` / `export … from`, not types. */
function staticImports(file: string): string[] {
  const text = readFileSync(resolve(SRC, file), 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(?!type\s)[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)]
    .map((m) => (m[1] ?? m[2])!)
    .map((spec) =>
      spec.startsWith('.')
        ? relative(SRC, resolve(dirname(resolve(SRC, file)), spec)).replace(/\.js$/, '.ts')
        : spec,
    );
}

/** Every module evaluated when `entry` is: ours (paths under src/) and packages. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.ts')) queue.push(...staticImports(file));
  }
  return seen;
}

describe('CLI start-up loads only what the command needs', () => {
  it('the scan follows imports (the status path reaches the status view and the local store)', () => {
    const loaded = closure('cli-status.ts');
    expect(loaded).toContain('views/status.ts');
    expect(loaded).toContain('adapters/local/job-trigger.ts');
  });

  it('`help`: the entry loads node built-ins and the usage text only', () => {
    const loaded = [...closure('cli.ts')];
    expect(loaded.filter((m) => !m.startsWith('node:')).sort()).toEqual([
      'cli-usage.ts',
      'cli.ts',
      'replay/usage.ts',
    ]);
  });

  it('local `status`: no services, no Slack or Google client, no pino, no node-cron, no YAML parser', () => {
    const loaded = [...closure('cli-status.ts'), ...closure('config.ts')];
    const heavy = loaded.filter(
      (m) =>
        /^(service|app|deps|scheduler)\.ts$|^(alerts|heal|digest)\/service\.ts$|^commands\/execute\.ts$/.test(
          m,
        ) || /^@slack\/(bolt|web-api)|^@google-cloud\/|^pino$|^node-cron$|^yaml$/.test(m),
    );
    expect(heavy).toEqual([]);
  });
});
