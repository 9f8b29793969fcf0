/**
 * The coaching-flag rule: pure, no I/O.
 *
 * Over a rolling window (default 30 days) an employee is flagged when
 *   (1) they have at least `minNegatives` (3) negative person-related cards (overall ≤ 2)
 *       on at least `minDistinctDays` (2) distinct local days — persistence, not one bad day — and
 *   (2) their negative rate is credibly above their unit's: with uniform Beta(1, 1) priors,
 *       P(p_employee > p_unit | data) ≥ `minProbability` (0.9), where the unit's rate is
 *       estimated from the unit's other employees (a unit where everyone struggles flags no one).
 */

export interface FlagRule {
  windowDays: number;
  minNegatives: number;
  minDistinctDays: number;
  minProbability: number;
}

export const DEFAULT_RULE: FlagRule = { windowDays: 30, minNegatives: 3, minDistinctDays: 2, minProbability: 0.9 };

export function validateRule(r: FlagRule): string[] {
  const bad: string[] = [];
  if (!Number.isInteger(r.windowDays) || r.windowDays < 1 || r.windowDays > 365) bad.push('windowDays must be a whole number from 1 to 365');
  if (!Number.isInteger(r.minNegatives) || r.minNegatives < 1 || r.minNegatives > 1000) bad.push('minNegatives must be a whole number from 1 to 1000');
  if (!Number.isInteger(r.minDistinctDays) || r.minDistinctDays < 1 || r.minDistinctDays > r.windowDays) bad.push('minDistinctDays must be from 1 to windowDays');
  if (!(r.minProbability > 0 && r.minProbability < 1)) bad.push('minProbability must be between 0 and 1');
  return bad;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const lnBeta = (a: number, b: number) => lnGamma(a) + lnGamma(b) - lnGamma(a + b);

/**
 * P(X > Y) for independent X ~ Beta(a1, b1), Y ~ Beta(a2, b2), by numerical integration:
 * ∫ f_X(x) · F_Y(x) dx on a fine midpoint grid (accurate to ~1e-4 for the counts seen here).
 */
export function probGreater(a1: number, b1: number, a2: number, b2: number, steps = 4000): number {
  const h = 1 / steps;
  const lbx = lnBeta(a1, b1);
  const lby = lnBeta(a2, b2);
  let cdfY = 0;
  let p = 0;
  let prevFy = 0;
  for (let i = 0; i < steps; i++) {
    const x = (i + 0.5) * h;
    const lx = Math.log(x);
    const l1x = Math.log1p(-x);
    const fy = Math.exp((a2 - 1) * lx + (b2 - 1) * l1x - lby);
    cdfY += ((prevFy + fy) / 2) * h; // F_Y at x (trapezoid from the previous midpoint)
    prevFy = fy;
    const fx = Math.exp((a1 - 1) * lx + (b1 - 1) * l1x - lbx);
    p += fx * cdfY * h;
  }
  return Math.min(1, Math.max(0, p));
}

export interface WindowFacts {
  /** The employee's person-related cards in the window, and how many were negative. */
  personCards: number;
  negatives: number;
  /** Distinct local days with at least one negative person card. */
  negativeDays: number;
  /** The rest of the unit (the employee excluded) in the same window. */
  unitPersonCards: number;
  unitNegatives: number;
}

export interface Verdict {
  flag: boolean;
  probability: number;
  employeeRate: number;
  unitRate: number;
  persistent: boolean;
}

export function evaluate(facts: WindowFacts, rule: FlagRule = DEFAULT_RULE): Verdict {
  const persistent = facts.negatives >= rule.minNegatives && facts.negativeDays >= rule.minDistinctDays;
  const employeeRate = facts.personCards ? facts.negatives / facts.personCards : 0;
  const unitRate = facts.unitPersonCards ? facts.unitNegatives / facts.unitPersonCards : 0;
  // The probability is only worth computing when the persistence test passes.
  const probability = persistent
    ? probGreater(1 + facts.negatives, 1 + facts.personCards - facts.negatives, 1 + facts.unitNegatives, 1 + facts.unitPersonCards - facts.unitNegatives)
    : 0;
  return { flag: persistent && probability >= rule.minProbability, probability, employeeRate, unitRate, persistent };
}

/** The one-sentence explanation, in the organization's language. */
export function explain(facts: WindowFacts, verdict: Verdict, rule: FlagRule, locale: 'ko' | 'en'): string {
  const unitPct = Math.round(verdict.unitRate * 100);
  const p = verdict.probability.toFixed(2);
  return locale === 'ko'
    ? `최근 ${rule.windowDays}일 동안 카드 ${facts.personCards}장 중 ${facts.negatives}장이 부정적이었고, 서로 다른 ${facts.negativeDays}일에 걸쳐 있었습니다. 부서의 부정 비율은 ${unitPct}%이며, 확률은 ${p}입니다.`
    : `${facts.negatives} of ${facts.personCards} cards in the last ${rule.windowDays} days were negative, on ${facts.negativeDays} different days; the unit's rate is ${unitPct}%; probability ${p}.`;
}
