/** Local mode's chat: alerts and their updates print to the terminal, rendered from the same views. */
import type { Chat, ChatMessage, PostedMessage } from '../../ports.js';
import { plain, renderBlocks } from '../../views/terminal.js';

export class TerminalChat implements Chat {
  private seq = 0;

  constructor(
    private readonly out: (text: string) => void,
    private readonly usergroups: Record<string, string[]> = {},
  ) {}

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
