/**
 * What the growth benches share: a tick's worth of failing results and the cost of running something
 * (Firestore reads, writes and RPCs seen by the proxy, Slack calls, CPU ms).
 */
import type { CheckResult } from '../src/checks/types.js';
import type { RecordingChat } from '../test/support/memory.js';

/** Why these: the Firestore RPCs that read documents (an aggregation such as `count()` included). */
const READS = ['RunQuery', 'RunAggregationQuery', 'BatchGetDocuments'];
/** Why these: the Firestore RPCs that write documents. */
const WRITES = ['Commit', 'BatchWrite'];
/** Why: a tick five minutes after the last (the fast check cron), no reminder due yet. */
export const TICK_MS = 5 * 60_000;

export function results(n: number): CheckResult[] {
  return Array.from({ length: n }, (_, i) => ({
    check: 'stuck',
    subject: `phase2_to_phase3:alert-${i}`,
    status: 'fail' as const,
    summary: `alert ${i} is stuck`,
    details: {},
    facts: [],
  }));
}

export interface Cost {
  reads: number;
  writes: number;
  rpcs: number;
  slack: number;
  cpuMs: number;
}

export async function measure(calls: string[], chat: RecordingChat, fn: () => Promise<void>): Promise<Cost> {
  const from = calls.length;
  const slackFrom = chat.calls.length;
  const cpu = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(cpu);
  const made = calls.slice(from);
  return {
    reads: made.filter((m) => READS.includes(m)).length,
    writes: made.filter((m) => WRITES.includes(m)).length,
    rpcs: made.length,
    slack: chat.calls.length - slackFrom,
    cpuMs: (used.user + used.system) / 1000,
  };
}
