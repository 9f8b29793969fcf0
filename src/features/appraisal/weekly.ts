/**
 * Weekly adjusted scores for sparklines and charts: pure. Each week's adjusted value shrinks
 * the employee's week toward the unit's mean for that week, like the period numbers.
 */
import { addDays, daysInclusive } from './calendar.ts';
import { emptySums, scoreEmployees, type ScoringOptions, type Sums } from './scoring.ts';

export interface WeekPoint {
  weekStart: string;
  personCards: number;
  mean: number | null;
  adjusted: number | null;
}

/** The N weeks ending on `to` (each 7 days, the last one ending on `to`). */
export function weekStarts(to: string, weeks: number): string[] {
  return Array.from({ length: weeks }, (_, i) => addDays(to, -7 * (weeks - i) + 1));
}

export function weeklyScores(
  daily: { employeeId: number; day: string; sums: Omit<Sums, 'dims'> }[],
  members: readonly { id: number; unitId: number }[],
  to: string,
  weeks: number,
  scoring: ScoringOptions,
): Map<number, WeekPoint[]> {
  const starts = weekStarts(to, weeks);
  const first = starts[0]!;
  const buckets = starts.map(() => new Map<number, Sums>());
  for (const d of daily) {
    if (d.day < first || d.day > to) continue;
    const w = Math.floor((daysInclusive(first, d.day) - 1) / 7);
    const bucket = buckets[w];
    if (!bucket) continue;
    const cur = bucket.get(d.employeeId) ?? emptySums();
    bucket.set(d.employeeId, {
      ...cur,
      cards: cur.cards + d.sums.cards,
      personCards: cur.personCards + d.sums.personCards,
      overallSum: cur.overallSum + d.sums.overallSum,
      overallSqSum: cur.overallSqSum + d.sums.overallSqSum,
      negatives: cur.negatives + d.sums.negatives,
      recoveries: cur.recoveries + d.sums.recoveries,
      praise: cur.praise + d.sums.praise,
    });
  }
  const out = new Map<number, WeekPoint[]>(members.map((m) => [m.id, []]));
  buckets.forEach((bucket, i) => {
    const scores = scoreEmployees(
      members.map((m) => ({ employeeId: m.id, unitId: m.unitId, sums: bucket.get(m.id) ?? emptySums() })),
      [],
      scoring,
    );
    for (const s of scores) {
      out.get(s.employeeId)!.push({
        weekStart: starts[i]!,
        personCards: s.personCards,
        mean: s.overallMean,
        adjusted: s.personCards > 0 ? s.overallAdjusted : null,
      });
    }
  });
  return out;
}
