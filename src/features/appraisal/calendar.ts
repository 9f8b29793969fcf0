/**
 * Dates in an organization's time zone: the local calendar day of an instant, the UTC instant
 * at which a local day starts, and the split of a date range into whole months plus edge days.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(date: Date, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(date)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The local calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The UTC instant at which a local day (YYYY-MM-DD) begins in a time zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Offset of the zone at that moment, then correct once more around DST changes.
  let t = guess;
  for (let i = 0; i < 2; i++) {
    const p = parts(new Date(t), timeZone);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    t = guess - (asUtc - t);
  }
  return new Date(t);
}

export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isValidDay(s: string): boolean {
  if (!DAY.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d + n));
  return `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1)}-${pad(dt.getUTCDate())}`;
}

/** Whole days from a to b inclusive. */
export function daysInclusive(from: string, to: string): number {
  const t = (s: string) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((t(to) - t(from)) / 86_400_000) + 1;
}

const monthOf = (day: string) => day.slice(0, 7);
const lastDayOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
};

const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
const lastDayOfQuarter = (day: string) => {
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3);
  return lastDayOfMonth(`${day.slice(0, 4)}-${pad(q * 3 + 3)}`);
};

/** The rollup periods a local day belongs to: its day, month, quarter and year. */
export function periodsOf(day: string): { d: string; m: string; q: string; y: string } {
  return { d: day, m: monthOf(day), q: quarterOf(day), y: day.slice(0, 4) };
}

/**
 * Splits [from, to] (inclusive local days) into whole years, quarters and months and the
 * remaining days, so a quarter reads one rollup row per employee instead of ~90 daily ones.
 */
export function splitRange(from: string, to: string): { years: string[]; quarters: string[]; months: string[]; days: [string, string][] } {
  const years: string[] = [];
  const quarters: string[] = [];
  const months: string[] = [];
  const days: [string, string][] = [];
  let cursor = from;
  while (cursor <= to) {
    const yearEnd = `${cursor.slice(0, 4)}-12-31`;
    const quarterEnd = lastDayOfQuarter(cursor);
    const monthEnd = lastDayOfMonth(monthOf(cursor));
    if (cursor.endsWith('-01-01') && yearEnd <= to) {
      years.push(cursor.slice(0, 4));
      cursor = addDays(yearEnd, 1);
    } else if (cursor.endsWith('-01') && /-(01|04|07|10)-01$/.test(cursor) && quarterEnd <= to) {
      quarters.push(quarterOf(cursor));
      cursor = addDays(quarterEnd, 1);
    } else if (cursor.endsWith('-01') && monthEnd <= to) {
      months.push(monthOf(cursor));
      cursor = addDays(monthEnd, 1);
    } else {
      const end = monthEnd < to ? monthEnd : to;
      days.push([cursor, end]);
      cursor = addDays(end, 1);
    }
  }
  return { years, quarters, months, days };
}

/** Preset periods around a local day: the month, quarter or year containing it. */
export function presetRange(preset: 'month' | 'quarter' | 'year', today: string): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  if (preset === 'year') return { from: `${y}-01-01`, to: `${y}-12-31` };
  if (preset === 'month') {
    const month = `${pad(y, 4)}-${pad(m)}`;
    return { from: `${month}-01`, to: lastDayOfMonth(month) };
  }
  const q0 = Math.floor((m - 1) / 3) * 3 + 1;
  return { from: `${pad(y, 4)}-${pad(q0)}-01`, to: lastDayOfMonth(`${pad(y, 4)}-${pad(q0 + 2)}`) };
}

/** The period of equal length just before [from, to]. */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const n = daysInclusive(from, to);
  return { from: addDays(from, -n), to: addDays(from, -1) };
}
