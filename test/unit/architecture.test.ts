/**
 * The house's layering, checked by a small import scan of src/: domain folders import no adapter, no
 * listener and no Slack or Google package; the domain imports no views (it records what happened, views
 * render it); and the top-level folders import each other without a cycle, of any length.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
/** Why these: they hold the business rules (entry points such as the CLI commands live at the top of src/). */
const DOMAIN = ['pipeline', 'checks', 'alerts', 'heal', 'warehouse', 'commands', 'digest'];
const FORBIDDEN_FOLDERS = ['adapters', 'listeners'];
/** Why these: folders that record what happened; only views, commands, listeners, adapters and replay render. */
const VIEW_FREE = [
  ...DOMAIN.filter((d) => d !== 'commands'),
  'oncall',
  'dlq',
  'monitors',
  'trends',
  'charts',
  'setup',
  'doctor',
];
const FORBIDDEN_PACKAGES = /^@slack\/(bolt|web-api|socket-mode)|^@google-cloud\//;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file names in an import or export ... from, static or dynamic. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'([^']+)'/g)].map((m) => m[1]!);
  return found.map((spec) =>
    spec.startsWith('.') ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, '.ts') : spec,
  );
}

const topFolder = (path: string): string | undefined => (path.includes('/') ? path.split('/')[0] : undefined);

describe('architecture', () => {
  const all = files(SRC).map((f) => ({ path: relative(SRC, f), imports: imports(f) }));

  it('domain folders import no adapter, no listener and no Slack or Google client package', () => {
    const offenders = all
      .filter((f) => DOMAIN.includes(topFolder(f.path) ?? ''))
      .flatMap((f) =>
        f.imports
          .filter((i) => FORBIDDEN_FOLDERS.includes(topFolder(i) ?? '') || FORBIDDEN_PACKAGES.test(i))
          .map((i) => `${f.path} -> ${i}`),
      );
    expect(offenders).toEqual([]);
  });

  it('the scan sees imports (a file known to import a domain module)', () => {
    expect(all.find((f) => f.path === 'heal/service.ts')?.imports).toContain('heal/plan.ts');
  });

  it('the domain imports no views (views render what the domain records)', () => {
    const offenders = all
      .filter((f) => VIEW_FREE.includes(topFolder(f.path) ?? ''))
      .flatMap((f) => f.imports.filter((i) => topFolder(i) === 'views').map((i) => `${f.path} -> ${i}`));
    expect(offenders).toEqual([]);
  });

  it('no import cycle between top-level folders, of any length', () => {
    const edges = new Map<string, Set<string>>();
    for (const f of all) {
      const from = topFolder(f.path);
      if (!from) continue;
      for (const i of f.imports) {
        const to = topFolder(i);
        if (!to || to === from || i.startsWith('@') || !i.includes('.ts')) continue;
        if (!edges.has(from)) edges.set(from, new Set());
        edges.get(from)!.add(to);
      }
    }
    expect(edges.get('views')?.has('alerts')).toBe(true); // the scan sees folder edges
    expect(cycles(edges)).toEqual([]);
  });
});

/** Each folder cycle once, as `a -> b -> … -> a` (depth-first search; a back edge closes a cycle). */
function cycles(edges: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) {
      found.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      return;
    }
    if (done.has(node)) return;
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    done.add(node);
  };
  for (const node of edges.keys()) visit(node, []);
  return found;
}
