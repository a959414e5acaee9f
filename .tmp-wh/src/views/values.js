/**
 * Button values: small JSON, validated on the way back in — never trusted. Handlers re-check everything
 * (transition and date against config, permissions) after parsing.
 */
import { z } from 'zod';
const MAX_VALUE = 2000; // Slack's limit on a button value
export const healValue = z
    .object({ t: z.string().max(64), d: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), f: z.boolean().optional() })
    .strict();
export const alertValue = z.object({ fp: z.string().max(300) }).strict();
export const snoozeValue = z
    .object({ fp: z.string().max(300), h: z.union([z.literal(1), z.literal(4), z.literal(24)]) })
    .strict();
export function encodeValue(v) {
    const s = JSON.stringify(v);
    if (s.length > MAX_VALUE)
        throw new Error(`button value too long (${s.length} > ${MAX_VALUE})`);
    return s;
}
export function decodeValue(schema, raw) {
    if (typeof raw !== 'string' || raw.length > MAX_VALUE)
        return undefined;
    try {
        const parsed = schema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=values.js.map