import { plain, renderBlocks } from '../../views/terminal.js';
export class TerminalChat {
    out;
    usergroups;
    seq = 0;
    constructor(out, usergroups = {}) {
        this.out = out;
        this.usergroups = usergroups;
    }
    async post(m) {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
        if (m.threadTs && !m.blocks)
            this.out(`  ↳ ${plain(m.text)}`);
        else
            this.out(`\n${m.threadTs ? '  ↳ (in thread)\n' : ''}${m.blocks ? renderBlocks(m.blocks) : plain(m.text)}`);
        return { channel: m.channel, ts };
    }
    async update(m) {
        const first = m.text.split('\n')[0];
        this.out(`  ✎ updated: ${plain(first ?? '')}`);
    }
    async usergroupMembers(id) {
        return this.usergroups[id] ?? [];
    }
}
//# sourceMappingURL=terminal-chat.js.map