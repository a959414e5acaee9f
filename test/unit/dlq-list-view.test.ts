/**
 * `/pipeline dlq`: one line per recent dead letter, its error shortened and escaped; when the list is longer
 * than one Slack section holds, whole lines are kept and the rest counted (never a line cut in the middle).
 */
import { describe, expect, it } from 'vitest';
import { dlqListView } from '../../src/views/dlq.js';
import { dlqRecord } from '../support/builders.js';

const sectionText = (m: ReturnType<typeof dlqListView>): string =>
  (m.blocks as { type: string; text?: { text: string } }[]).find((b) => b.type === 'section')!.text!.text;

describe('dlqListView', () => {
  it('shortens and escapes a long error from the message', () => {
    const error = `<!channel> ${'x'.repeat(500)}`;
    const text = sectionText(dlqListView([dlqRecord({ message_id: 'm1', error })]));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text.length).toBeLessThan(400);
  });

  it('twenty records with long errors: whole lines under the section limit, the rest counted', () => {
    const records = Array.from({ length: 20 }, (_, i) =>
      dlqRecord({ message_id: `m${i}`, error: `Timeout & retry <${i}> ${'y'.repeat(300)}` }),
    );
    const text = sectionText(dlqListView(records));
    expect(text.length).toBeLessThanOrEqual(3000);
    const lines = text.split('\n');
    const shown = lines.filter((l) => l.startsWith('• '));
    expect(lines.at(-1)).toBe(`…and ${20 - shown.length} more (see BigQuery \`dlq_messages\`)`);
    for (const line of shown) expect(line).toMatch(/— \*waiting\*$/);
  });
});
