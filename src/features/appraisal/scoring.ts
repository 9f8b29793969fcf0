/**
 * Fair appraisal numbers from rollup sums: pure, no I/O.
 *
 * - Means are on cards about the person only (a complaint about the wait or the rules never
 *   lowers a person's numbers).
 * - The adjusted overall shrinks an employee's mean toward their unit's mean, as if the unit
 *   mean had been observed `priorStrength` more times (empirical Bayes with a normal model):
 *     adjusted = (n·mean + k·unitMean) / (n + k)
 *   with a 90% interval adjusted ± 1.645·σ/√(n + k), σ² the variance of the unit's ratings,
 *   clipped to the 1–5 scale. Two cards cannot rank anyone first or last.
 * - Below `minCards` person cards an employee is `insufficient_data` and gets no percentile.
 * - percentile_in_unit is the mid-rank percentile of the adjusted value among the unit's
 *   employees with sufficient data: 100 · (below + ½·tied) / N, counting the employee as tied.
 */

export interface Sums {
  cards: number;
  personCards: number;
  overallSum: number;
  overallSqSum: number;
  negatives: number;
  recoveries: number;
  praise: number;
  /** Per rating dimension: count and sum (person cards only). */
  dims: Record<string, { n: number; sum: number }>;
}

export const emptySums = (): Sums => ({
  cards: 0,
  personCards: 0,
  overallSum: 0,
  overallSqSum: 0,
  negatives: 0,
  recoveries: 0,
  praise: 0,
  dims: {},
});

export interface ScoringOptions {
  /** Prior strength in cards (default 5). */
  priorStrength: number;
  /** Fewer person cards than this: insufficient_data, no percentile (default 5). */
  minCards: number;
}

export const DEFAULT_SCORING: ScoringOptions = { priorStrength: 5, minCards: 5 };

/** z for a two-sided 90% interval. */
export const Z90 = 1.6448536269514722;

/** Used when a unit has fewer than two ratings: the variance of a uniform 1–5 rating. */
export const FALLBACK_VARIANCE = 2;

export interface EmployeeInput {
  employeeId: number;
  unitId: number;
  sums: Sums;
}

export interface Score {
  employeeId: number;
  unitId: number;
  cards: number;
  personCards: number;
  praiseLetters: number;
  overallMean: number | null;
  overallAdjusted: number | null;
  overallCiLow: number | null;
  overallCiHigh: number | null;
  percentileInUnit: number | null;
  negativeRate: number | null;
  recoveries: number;
  insufficientData: boolean;
  dimensionMeans: Record<string, number | null>;
}

export interface UnitStats {
  unitId: number;
  personCards: number;
  mean: number | null;
  variance: number;
}

export function unitStats(unitId: number, members: readonly Sums[]): UnitStats {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const s of members) {
    n += s.personCards;
    sum += s.overallSum;
    sq += s.overallSqSum;
  }
  return statsOf(unitId, n, sum, sq);
}

function statsOf(unitId: number, n: number, sum: number, sq: number): UnitStats {
  const mean = n > 0 ? sum / n : null;
  const variance = n >= 2 && mean !== null ? Math.max(sq / n - mean * mean, 0) : FALLBACK_VARIANCE;
  return { unitId, personCards: n, mean, variance };
}

const clip = (x: number) => Math.min(5, Math.max(1, x));

/** Two adjusted values closer than this are tied. */
const TIE = 1e-12;

/**
 * Scores in the order of `input` (one per employee). Runs in O(n log n): the unit statistics in
 * one pass, the percentiles by binary search in each unit's sorted adjusted values.
 */
export function scoreEmployees(input: readonly EmployeeInput[], dimensions: readonly string[], opts: ScoringOptions = DEFAULT_SCORING): Score[] {
  const totals = new Map<number, { n: number; sum: number; sq: number }>();
  for (const e of input) {
    const t = totals.get(e.unitId);
    if (t) {
      t.n += e.sums.personCards;
      t.sum += e.sums.overallSum;
      t.sq += e.sums.overallSqSum;
    } else totals.set(e.unitId, { n: e.sums.personCards, sum: e.sums.overallSum, sq: e.sums.overallSqSum });
  }
  const stats = new Map<number, UnitStats>();
  for (const [unitId, t] of totals) stats.set(unitId, statsOf(unitId, t.n, t.sum, t.sq));

  const k = opts.priorStrength;
  const eligibleByUnit = new Map<number, number[]>();
  const scores = input.map((e): Score => {
    const s = e.sums;
    const unit = stats.get(e.unitId)!;
    const n = s.personCards;
    let adjusted: number | null = null;
    let low: number | null = null;
    let high: number | null = null;
    if (unit.mean !== null && n + k > 0) {
      adjusted = (s.overallSum + k * unit.mean) / (n + k);
      const half = Z90 * Math.sqrt(unit.variance / (n + k));
      low = clip(adjusted - half);
      high = clip(adjusted + half);
    }
    const dimensionMeans: Record<string, number | null> = {};
    for (const d of dimensions) {
      const v = s.dims[d];
      dimensionMeans[d] = v && v.n > 0 ? v.sum / v.n : null;
    }
    const insufficientData = n < opts.minCards;
    if (!insufficientData && adjusted !== null) {
      const peers = eligibleByUnit.get(e.unitId);
      if (peers) peers.push(adjusted);
      else eligibleByUnit.set(e.unitId, [adjusted]);
    }
    return {
      employeeId: e.employeeId,
      unitId: e.unitId,
      cards: s.cards,
      personCards: n,
      praiseLetters: s.praise,
      overallMean: n > 0 ? s.overallSum / n : null,
      overallAdjusted: adjusted,
      overallCiLow: low,
      overallCiHigh: high,
      percentileInUnit: null,
      negativeRate: n > 0 ? s.negatives / n : null,
      recoveries: s.recoveries,
      insufficientData,
      dimensionMeans,
    };
  });

  // Percentiles among the unit's employees with sufficient data: mid-rank, 100·(below + ½·tied)/N.
  for (const peers of eligibleByUnit.values()) peers.sort((a, b) => a - b);
  for (const sc of scores) {
    if (sc.insufficientData || sc.overallAdjusted === null) continue;
    const peers = eligibleByUnit.get(sc.unitId)!;
    const x = sc.overallAdjusted;
    // Everything before `lo` is surely below x and everything from `hi` surely above; the few
    // values in between are compared exactly.
    const lo = firstAtLeast(peers, x - 1e-9);
    const hi = firstAtLeast(peers, x + 1e-9);
    let below = lo;
    let tied = 0;
    for (let i = lo; i < hi; i++) {
      const p = peers[i]!;
      if (Math.abs(p - x) < TIE) tied++;
      else if (p < x) below++;
    }
    sc.percentileInUnit = (100 * (below + 0.5 * tied)) / peers.length;
  }
  return scores;
}

/** Index of the first value ≥ x in an ascending array (its length if none). */
function firstAtLeast(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
