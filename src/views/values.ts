/**
 * Button values: small JSON, validated on the way back in — never trusted. Handlers re-check everything
 * (transition and date against config, permissions) after parsing.
 */
import { z } from 'zod';

/** Why 2000: Slack's limit on a button value (SPEC §4). */
const MAX_VALUE = 2000; // Slack's limit on a button value

export const healValue = z
  .object({ t: z.string().max(64), d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), f: z.boolean().optional() })
  .strict();
export type HealValue = z.infer<typeof healValue>;

export const alertValue = z.object({ fp: z.string().min(3).max(300) }).strict();
export type AlertValue = z.infer<typeof alertValue>;

export const snoozeValue = z
  .object({ fp: z.string().min(3).max(300), h: z.union([z.literal(1), z.literal(4), z.literal(24)]) })
  .strict();
export type SnoozeValue = z.infer<typeof snoozeValue>;

export const overflowValue = z
  .object({ fp: z.string().min(3).max(300), a: z.enum(['resolve', 'note', 'mute']) })
  .strict();
export type OverflowValue = z.infer<typeof overflowValue>;
/** A dead-letter subscription (Replay / Mark handled); re-checked against config by the service. */
export const dlqValue = z.object({ s: z.string().min(1).max(255) }).strict();
export type DlqValue = z.infer<typeof dlqValue>;

export function encodeValue(v: object): string {
  const s = JSON.stringify(v);
  if (s.length > MAX_VALUE) throw new Error(`button value too long (${s.length} > ${MAX_VALUE})`);
  return s;
}

export function decodeValue<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== 'string' || raw.length > MAX_VALUE) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
