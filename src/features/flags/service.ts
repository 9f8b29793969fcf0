/**
 * Evaluates the coaching-flag rule for one employee at one moment: bounded work (one window of
 * that employee's cards and the unit's daily rollups), so it runs in the write path of every
 * negative card, and `mirrorcard flags recompute` runs it for everyone after a rule change.
 */
import type { Locale } from '../../db/schema.ts';
import { addDays, localDay, startOfLocalDay } from '../appraisal/calendar.ts';
import { evaluate, explain, type WindowFacts } from './rule.ts';
import type { FlagEvidence, FlagStore } from './store.ts';

export interface OrgClock {
  id: number;
  timeZone: string;
  defaultLocale: Locale;
}

export async function evaluateEmployee(flags: FlagStore, org: OrgClock, employeeId: number, now: Date): Promise<number | undefined> {
  if (await flags.activeFlag(employeeId)) return undefined; // never two open flags
  const employee = await flags.employee(org.id, employeeId);
  if (!employee || !employee.active) return undefined;
  const rule = await flags.rule(org.id);
  const today = localDay(now, org.timeZone);
  const fromDay = addDays(today, -(rule.windowDays - 1));
  let start = startOfLocalDay(fromDay, org.timeZone).getTime();
  // After a resolution or dismissal only a new run of negatives counts.
  const previous = await flags.lastClosed(employeeId);
  if (previous && previous.closedAt > start) start = previous.closedAt;
  const cards = await flags.personCards(org.id, employeeId, start, now.getTime() + 1);
  const negatives = cards.filter((c) => c.overall <= 2);
  const negativeDays = new Set(negatives.map((c) => localDay(new Date(c.createdAt), org.timeZone))).size;
  const unit = await flags.unitOthers(org.id, employee.unitId, employeeId, fromDay, today);
  const facts: WindowFacts = {
    personCards: cards.length,
    negatives: negatives.length,
    negativeDays,
    unitPersonCards: unit.personCards,
    unitNegatives: unit.negatives,
  };
  const verdict = evaluate(facts, rule);
  if (!verdict.flag) return undefined;
  const evidence: FlagEvidence = {
    window: { from: fromDay, to: today, since: new Date(start).toISOString() },
    cardIds: negatives.map((c) => c.id),
    personCards: facts.personCards,
    negatives: facts.negatives,
    negativeDays,
    employeeRate: verdict.employeeRate,
    unitRate: verdict.unitRate,
    unitPersonCards: unit.personCards,
    unitNegatives: unit.negatives,
    probability: verdict.probability,
  };
  return flags.open({
    orgId: org.id,
    employeeId,
    unitId: employee.unitId,
    rule,
    evidence,
    explanation: explain(facts, verdict, rule, org.defaultLocale),
    previousFlagId: previous?.id ?? null,
    now,
  });
}

/** Re-evaluates everyone with negative cards in the window (after a rule change). */
export async function recomputeFlags(flags: FlagStore, org: OrgClock, now: Date): Promise<number[]> {
  const rule = await flags.rule(org.id);
  const today = localDay(now, org.timeZone);
  const opened: number[] = [];
  for (const employeeId of await flags.employeesWithCards(org.id, addDays(today, -(rule.windowDays - 1)), today)) {
    const id = await evaluateEmployee(flags, org, employeeId, now);
    if (id !== undefined) opened.push(id);
  }
  return opened;
}
