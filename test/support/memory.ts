/** In-memory ports for unit tests: an alert store, a lease store and a chat that records and can fail. */
export { MemoryAlertStore, MemoryLeaseStore } from '../../src/adapters/memory/stores.js';

import type { Chat, ChatMessage, PostedMessage } from '../../src/ports.js';

export interface ChatCall {
  kind: 'post' | 'update';
  message: ChatMessage & { ts?: string };
}

export class RecordingChat implements Chat {
  readonly calls: ChatCall[] = [];
  failing = false;
  private seq = 0;
  async post(message: ChatMessage): Promise<PostedMessage> {
    if (this.failing) throw new Error('slack down');
    this.calls.push({ kind: 'post', message });
    return { channel: message.channel, ts: `1700000000.${String(++this.seq).padStart(6, '0')}` };
  }
  async update(message: ChatMessage & { ts: string }) {
    if (this.failing) throw new Error('slack down');
    this.calls.push({ kind: 'update', message });
  }
  async usergroupMembers() {
    return [];
  }
  roots() {
    return this.calls.filter((c) => c.kind === 'post' && !c.message.threadTs);
  }
  threadReplies(ts?: string) {
    return this.calls.filter(
      (c) => c.kind === 'post' && c.message.threadTs && (!ts || c.message.threadTs === ts),
    );
  }
  updates() {
    return this.calls.filter((c) => c.kind === 'update');
  }
}
