/**
 * Local mode's chat: alerts and their updates print to the terminal, rendered from the same views.
 * Files (charts) are written to `chartsDir` (DATA_DIR/charts/) and their path printed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Chat, ChatFile, ChatMessage, PostedMessage } from '../../ports.js';
import { plain, renderBlocks } from '../../views/terminal.js';

export class TerminalChat implements Chat {
  private seq = 0;

  constructor(
    private readonly out: (text: string) => void,
    private readonly usergroups: Record<string, string[]> = {},
    private readonly chartsDir?: string,
  ) {}

  async upload(f: ChatFile): Promise<void> {
    if (!this.chartsDir) {
      this.out(`  ↳ [${f.title}] ${f.altText}`);
      return;
    }
    await mkdir(this.chartsDir, { recursive: true });
    const path = join(this.chartsDir, basename(f.filename));
    await writeFile(path, f.data);
    this.out(`  ↳ [${f.title}] ${path} — ${f.altText}`);
  }

  async post(m: ChatMessage): Promise<PostedMessage> {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    if (m.threadTs && !m.blocks) this.out(`  ↳ ${plain(m.text)}`);
    else
      this.out(
        `\n${m.threadTs ? '  ↳ (in thread)\n' : ''}${m.blocks ? renderBlocks(m.blocks) : plain(m.text)}`,
      );
    return { channel: m.channel, ts };
  }

  async update(m: ChatMessage & { ts: string }): Promise<void> {
    const first = m.text.split('\n')[0];
    this.out(`  ✎ updated: ${plain(first ?? '')}`);
  }

  async usergroupMembers(id: string): Promise<string[]> {
    return this.usergroups[id] ?? [];
  }
}
