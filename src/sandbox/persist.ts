/**
 * Keeps the sandbox workspace in `DATA_DIR/sandbox-workspace.json`, so that after a restart the alerts
 * the store still tracks are still on the page and their edits, threads and resolutions land on them.
 * Writes are batched (one per burst of changes) and atomic (temp file + rename); a file that cannot be
 * read is set aside with a warning and the workspace starts empty.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { Workspace, WorkspaceData } from './workspace.js';

/** Why in DATA_DIR: it belongs with the local store whose alerts it shows (deleting one resets both). */
export const WORKSPACE_FILE = 'sandbox-workspace.json';

/** Why 200 ms: a check run posts and edits several messages at once; one write covers the burst. */
const SAVE_DELAY_MS = 200;

export function loadWorkspaceData(dataDir: string, log: Logger): WorkspaceData | undefined {
  const file = join(dataDir, WORKSPACE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as WorkspaceData;
    if (!Array.isArray(data.messages) || !Array.isArray(data.channels)) throw new Error('unexpected shape');
    return data;
  } catch (err) {
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    log.warn({ err, file, aside }, 'sandbox: the saved workspace could not be read; starting an empty one');
    return undefined;
  }
}

/** Saves the workspace after each burst of changes; `flush()` writes a pending save at once. */
export function persistWorkspace(workspace: Workspace, dataDir: string, log: Logger): { flush(): void } {
  const file = join(dataDir, WORKSPACE_FILE);
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    timer = undefined;
    try {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(workspace.toData()));
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      log.error({ err, file }, 'sandbox: could not save the workspace');
    }
  };
  workspace.subscribe(() => {
    timer ??= setTimeout(save, SAVE_DELAY_MS);
  });
  return {
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      save();
    },
  };
}
