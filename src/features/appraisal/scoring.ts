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

export function addSums(a: Sums, b: Sums): Sums {
  const dims: Sums['dims'] = { ...a.dims };
  for (const [k, v] of Object.entries(b.dims)) {
    const cur = dims[k];
    dims[k] = cur ? { n: cur.n + v.n, sum: cur.sum + v.sum } : { ...v };
  }
  return {
    cards: a.cards + b.cards,
    personCards: a.personCards + b.personCards,
    overallSum: a.overallSum + b.overallSum,
    overallSqSum: a.overallSqSum + b.overallSqSum,
    negatives: a.negatives + b.negatives,
    recoveries: a.recoveries + b.recoveries,
    praise: a.praise + b.praise,
    dims,
  };
}

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

export function unitStats(unitId: number, members: Sums[]): UnitStats {
  let n = 0;
  let sum = 0;
  let sq = 0;
  for (const s of members) {
    n += s.personCards;
    sum += s.overallSum;
    sq += s.overallSqSum;
  }
  const mean = n > 0 ? sum / n : null;
  const variance = n >= 2 && mean !== null ? Math.max(sq / n - mean * mean, 0) : FALLBACK_VARIANCE;
  return { unitId, personCards: n, mean, variance };
}

const clip = (x: number) => Math.min(5, Math.max(1, x));

export function scoreEmployees(input: EmployeeInput[], dimensions: string[], opts: ScoringOptions = DEFAULT_SCORING): Score[] {
  const byUnit = new Map<number, EmployeeInput[]>();
  for (const e of input) {
    const list = byUnit.get(e.unitId);
    if (list) list.push(e);
    else byUnit.set(e.unitId, [e]);
  }
  const stats = new Map<number, UnitStats>();
  for (const [unitId, members] of byUnit) stats.set(unitId, unitStats(unitId, members.map((m) => m.sums)));

  const scores = input.map((e): Score => {
    const s = e.sums;
    const unit = stats.get(e.unitId)!;
    const n = s.personCards;
    const k = opts.priorStrength;
    const mean = n > 0 ? s.overallSum / n : null;
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
    return {
      employeeId: e.employeeId,
      unitId: e.unitId,
      cards: s.cards,
      personCards: n,
      praiseLetters: s.praise,
      overallMean: mean,
      overallAdjusted: adjusted,
      overallCiLow: low,
      overallCiHigh: high,
      percentileInUnit: null,
      negativeRate: n > 0 ? s.negatives / n : null,
      recoveries: s.recoveries,
      insufficientData: n < opts.minCards,
      dimensionMeans,
    };
  });

  // Percentiles among the unit's employees with sufficient data.
  const eligibleByUnit = new Map<number, number[]>();
  for (const sc of scores) {
    if (sc.insufficientData || sc.overallAdjusted === null) continue;
    const list = eligibleByUnit.get(sc.unitId);
    if (list) list.push(sc.overallAdjusted);
    else eligibleByUnit.set(sc.unitId, [sc.overallAdjusted]);
  }
  for (const sc of scores) {
    if (sc.insufficientData || sc.overallAdjusted === null) continue;
    const peers = eligibleByUnit.get(sc.unitId)!;
    const x = sc.overallAdjusted;
    let below = 0;
    let tied = 0;
    for (const p of peers) {
      if (Math.abs(p - x) < 1e-12) tied++;
      else if (p < x) below++;
    }
    sc.percentileInUnit = (100 * (below + 0.5 * tied)) / peers.length;
  }
  return scores;
}
