/**
 * What one submission adds to the rollups: pure, no I/O. The same rules serve the write path
 * and the tests' independent recomputation.
 */
import type { About } from '../../db/schema.ts';
import { emptySums, type Sums } from './scoring.ts';

export interface CardFacts {
  employeeId: number | null;
  unitId: number;
  about: About | null;
  overall: number;
  ratings: Record<string, number>;
  hadProblem: boolean | null;
  problemResolved: boolean | null;
}

/** A card counts for the person unless the customer said it was about the place, wait or rules. */
export const isPersonCard = (about: About | null) => about !== 'process';
export const isNegative = (overall: number) => overall <= 2;
export const isRecovery = (c: Pick<CardFacts, 'hadProblem' | 'problemResolved'>) => c.hadProblem === true && c.problemResolved === true;

/** What one submission adds to an employee's sums; dimensions as [key, rating] pairs. */
export type EmployeeDelta = Omit<Sums, 'dims'> & { dims: [string, number][] };

export interface UnitDelta {
  cards: number;
  processCards: number;
  processComplaints: number;
}

export function cardDelta(card: CardFacts): { employee: EmployeeDelta | null; unit: UnitDelta } {
  const person = isPersonCard(card.about);
  const process = card.about === 'process';
  return {
    employee:
      card.employeeId === null
        ? null
        : {
            cards: 1,
            personCards: person ? 1 : 0,
            overallSum: person ? card.overall : 0,
            overallSqSum: person ? card.overall * card.overall : 0,
            negatives: person && isNegative(card.overall) ? 1 : 0,
            recoveries: isRecovery(card) ? 1 : 0,
            praise: 0,
            dims: person ? Object.entries(card.ratings) : [],
          },
    unit: { cards: 1, processCards: process ? 1 : 0, processComplaints: process && isNegative(card.overall) ? 1 : 0 },
  };
}

/** A praise letter counts as one letter and nothing else. */
export const praiseDelta = (): EmployeeDelta => ({ ...emptySums(), praise: 1, dims: [] });
