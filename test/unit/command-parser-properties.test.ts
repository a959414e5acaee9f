/**
 * Properties of the `/pipeline` parser over any text: it never throws, a long text is refused before any
 * work, and an error never echoes a live Slack sequence (`<!…>`, `<@…>`, `<#…>`, `<http…>`) from the input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_COMMAND_CHARS, parseCommand } from '../../src/commands/parse.js';
import { findTransition, loadConfig } from '../../src/config.js';
import { commandText } from '../support/arbitraries.js';

const NOW = new Date('2026-02-10T20:00:00Z');
const TZ = 'America/New_York';
const LIVE = /<[!@#]|<http/i;

describe('parseCommand over any text', () => {
  it('never throws; errors never echo a live Slack sequence', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const cmd = parseCommand(text, NOW, TZ);
        if (cmd.kind === 'error') expect(cmd.message).not.toMatch(LIVE);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a text over the limit before parsing it, without echoing it', () => {
    const cmd = parseCommand(`status ${'<!channel> '.repeat(500)}`, NOW, TZ);
    expect(cmd).toMatchObject({ kind: 'error' });
    expect(cmd.kind === 'error' && cmd.message).toContain(String(MAX_COMMAND_CHARS));
    expect(cmd.kind === 'error' && cmd.message).not.toMatch(LIVE);
  });

  it('a huge number of days is refused as such (not "Infinity")', () => {
    const cmd = parseCommand(`completeness ${'9'.repeat(400)}`, NOW, TZ);
    expect(cmd.kind === 'error' && cmd.message).toMatch(/is not a number of days \(1 to 90\)/);
    expect(cmd.kind === 'error' && cmd.message).not.toMatch(/Infinity/);
  });
});

describe('heal targets', () => {
  const config = loadConfig({});

  it('are resolved by exact lookup: ids and phaseN aliases', () => {
    expect(findTransition(config, 'phase2_to_phase3')?.id).toBe('phase2_to_phase3');
    expect(findTransition(config, 'PHASE3')?.id).toBe('phase2_to_phase3');
    expect(findTransition(config, 'phase4')?.id).toBe('phase3_to_phase4');
    expect(findTransition(config, 'phase9')).toBeUndefined();
    expect(findTransition(config, '_to_phase3')).toBeUndefined();
    expect(findTransition(config, '.*')).toBeUndefined();
  });

  it('a ReDoS-shaped or unbalanced target answers in < 50 ms, without building a RegExp', () => {
    const built: unknown[] = [];
    const RealRegExp = globalThis.RegExp;
    globalThis.RegExp = new Proxy(RealRegExp, {
      construct(target, args) {
        built.push(args[0]);
        return Reflect.construct(target, args);
      },
    });
    try {
      for (const target of ['(.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.|.)*x', '(', 'phase3|.*']) {
        const started = performance.now();
        expect(findTransition(config, target)).toBeUndefined();
        expect(performance.now() - started).toBeLessThan(50);
      }
    } finally {
      globalThis.RegExp = RealRegExp;
    }
    expect(built).toEqual([]);
  });

  it('any text: never throws, and answers a configured transition or nothing', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (text) => {
        const found = findTransition(config, text);
        expect(found === undefined || config.transitions.includes(found)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
