/** Calendar arithmetic in the pipeline time zone (DST-safe: dates are calendar days, instants via @date-fns/tz). */
import { TZDate } from '@date-fns/tz';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isIsoDate(s) {
    const m = ISO_DATE.exec(s);
    if (!m)
        return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === s;
}
/** The calendar date of `instant` in `tz`. */
export function localDate(instant, tz) {
    const z = new TZDate(instant.getTime(), tz);
    return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`;
}
/** Pure calendar addition (no time zone involved). */
export function addDays(date, days) {
    const [y, m, d] = date.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
/** Whole days from `a` to `b` (b − a). */
export function diffDays(a, b) {
    const toUtc = (s) => {
        const [y, m, d] = s.split('-').map(Number);
        return Date.UTC(y, m - 1, d);
    };
    return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}
/** The instant of local wall time `hh:mm` on `date` in `tz`. Across DST gaps it moves forward like a wall clock would. */
export function localInstant(date, hhmm, tz) {
    const [y, m, d] = date.split('-').map(Number);
    const [hh, mm] = hhmm.split(':').map(Number);
    return new Date(new TZDate(y, m - 1, d, hh, mm, 0, tz).getTime());
}
/** Dates from `from` to `to` inclusive, ascending. */
export function dateRange(from, to) {
    const out = [];
    for (let d = from; d <= to; d = addDays(d, 1))
        out.push(d);
    return out;
}
/** `HH:MM` of an instant in `tz`. */
export function localTime(instant, tz) {
    const z = new TZDate(instant.getTime(), tz);
    return `${pad(z.getHours())}:${pad(z.getMinutes())}`;
}
function pad(n) {
    return n < 10 ? `0${n}` : String(n);
}
//# sourceMappingURL=dates.js.map