/** Start-up failures become one line naming the cause and the fix (the CLI prints it and exits 2). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { describeStartupError } from '../../src/startup-error.js';

const dir = mkdtempSync(join(tmpdir(), 'pipeline-bot-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startupLine(env: Record<string, string>): Promise<string> {
  try {
    const app = await startApp(
      { LOG_LEVEL: 'silent', HOST: '127.0.0.1', ...env },
      { schedule: false, out: () => {} },
    );
    await app.stop();
    throw new Error('start-up did not fail');
  } catch (err) {
    return describeStartupError(err);
  }
}

describe('start-up failures', () => {
  it('a port already in use', async () => {
    const busy = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => busy.once('listening', r));
    const port = (busy.address() as { port: number }).port;
    const line = await startupLine({ PORT: String(port), DATA_DIR: join(dir, 'a') });
    busy.close();
    expect(line).toBe(
      `port ${port} on 127.0.0.1 is already in use: stop the other process or set PORT to a free port.`,
    );
  });

  it('DATA_DIR under a regular file', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    const line = await startupLine({ PORT: '0', DATA_DIR: join(dir, 'file', 'data') });
    expect(line).toMatch(/file\/data cannot be used as a folder \(a file is in the way\): set DATA_DIR/);
    expect(line.split('\n')).toHaveLength(1);
  });

  it('a bad config names the field', async () => {
    const line = await startupLine({ PORT: 'not-a-port' });
    expect(line).toMatch(/PORT/);
    expect(line).not.toMatch(/\n\s+at /);
  });
});
