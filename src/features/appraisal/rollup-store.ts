/**
 * Writes the rollups. Called inside the submission's own transaction (same connection), so a
 * card and its rollups are stored together or not at all. Statements are prepared once.
 */
import type { Db } from '../../db/client.ts';
import { localDay, periodsOf } from './calendar.ts';
import type { EmployeeDelta, UnitDelta } from './rollup.ts';

export function rollupWriter(db: Db) {
  const employee = db.$client.prepare(
    `INSERT INTO employee_rollups (org_id, employee_id, grain, period, cards, person_cards, overall_sum, overall_sq_sum, negatives, recoveries, praise)
     VALUES (@orgId, @employeeId, @grain, @period, @cards, @personCards, @overallSum, @overallSqSum, @negatives, @recoveries, @praise)
     ON CONFLICT (org_id, grain, period, employee_id) DO UPDATE SET
       cards = cards + excluded.cards,
       person_cards = person_cards + excluded.person_cards,
       overall_sum = overall_sum + excluded.overall_sum,
       overall_sq_sum = overall_sq_sum + excluded.overall_sq_sum,
       negatives = negatives + excluded.negatives,
       recoveries = recoveries + excluded.recoveries,
       praise = praise + excluded.praise`,
  );
  // One dimension's [n, sum] inside the row's JSON (keys are /^[a-z][a-z0-9_]*$/: safe in a JSON path).
  const dim = db.$client.prepare(
    `UPDATE employee_rollups
        SET dims = json_set(dims, '$.' || @dimension,
              json_array(COALESCE(json_extract(dims, '$.' || @dimension || '[0]'), 0) + 1,
                         COALESCE(json_extract(dims, '$.' || @dimension || '[1]'), 0) + @value))
      WHERE org_id = @orgId AND grain = @grain AND period = @period AND employee_id = @employeeId`,
  );
  const unit = db.$client.prepare(
    `INSERT INTO unit_rollups (org_id, unit_id, grain, period, cards, process_cards, process_complaints)
     VALUES (@orgId, @unitId, @grain, @period, @cards, @processCards, @processComplaints)
     ON CONFLICT (org_id, grain, period, unit_id) DO UPDATE SET
       cards = cards + excluded.cards,
       process_cards = process_cards + excluded.process_cards,
       process_complaints = process_complaints + excluded.process_complaints`,
  );

  const periods = (at: Date, timeZone: string) => Object.entries(periodsOf(localDay(at, timeZone)));

  return {
    /** Synchronous: call inside the submission's transaction. */
    apply(
      orgId: number,
      at: Date,
      timeZone: string,
      delta: { employeeId: number | null; employee: EmployeeDelta | null; unitId: number | null; unit: UnitDelta | null },
    ): void {
      for (const [grain, period] of periods(at, timeZone)) {
        if (delta.employee && delta.employeeId !== null) {
          const { dims, ...sums } = delta.employee;
          employee.run({ orgId, employeeId: delta.employeeId, grain, period, ...sums });
          for (const [dimension, value] of dims) dim.run({ orgId, employeeId: delta.employeeId, grain, period, dimension, value });
        }
        if (delta.unit && delta.unitId !== null) unit.run({ orgId, unitId: delta.unitId, grain, period, ...delta.unit });
      }
    },
  };
}
