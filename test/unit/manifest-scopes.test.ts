/**
 * `manifest.yml` declares exactly the Slack scopes the code uses (the list `doctor` checks the token
 * against), and its `usage_hint` names every `/pipeline` command.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REQUIRED_SLACK_SCOPES } from '../../src/doctor/slack-scopes.js';
import { USAGE } from '../../src/views/help.js';

interface Manifest {
  oauth_config: { scopes: { bot: string[] } };
  features: { slash_commands: { command: string; usage_hint: string }[] };
}

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares exactly the bot scopes the code uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...REQUIRED_SLACK_SCOPES].sort());
  });

  it('the /pipeline usage_hint names every command of the usage', () => {
    const [pipeline] = manifest.features.slash_commands;
    expect(pipeline?.command).toBe('/pipeline');
    const commands = USAGE.flatMap((line) => /^`\/pipeline (\w+)/.exec(line)?.[1] ?? []);
    expect(commands.length).toBeGreaterThanOrEqual(6);
    for (const c of commands) expect(pipeline!.usage_hint).toMatch(new RegExp(`(^|\\| )${c}( |$)`));
  });
});
