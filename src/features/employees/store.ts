import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { employees, units } from '../../db/schema.ts';

export type Employee = typeof employees.$inferSelect;
export interface PublicEmployee {
  id: number;
  displayName: string;
}

const SUBTREE = `WITH RECURSIVE sub(id) AS (
    SELECT id FROM units WHERE id = @unitId AND org_id = @orgId
    UNION ALL
    SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
  )`;

export function employeeStore(db: Db) {
  const activeInSubtree = db.$client.prepare<{ orgId: number; unitId: number }, PublicEmployee>(
    `${SUBTREE}
     SELECT e.id AS id, e.display_name AS displayName FROM employees e
     WHERE e.org_id = @orgId AND e.active = 1 AND e.unit_id IN (SELECT id FROM sub)
     ORDER BY e.display_name, e.id`,
  );
  const oneActiveInSubtree = db.$client.prepare<{ orgId: number; unitId: number; employeeId: number }, PublicEmployee>(
    `${SUBTREE}
     SELECT e.id AS id, e.display_name AS displayName FROM employees e
     WHERE e.id = @employeeId AND e.org_id = @orgId AND e.active = 1 AND e.unit_id IN (SELECT id FROM sub)`,
  );

  return {
    async create(
      orgId: number,
      input: { unitId: number; employeeNo: string; displayName: string; fullName: string; active?: boolean },
    ): Promise<Employee> {
      const unit = db.select().from(units).where(and(eq(units.id, input.unitId), eq(units.orgId, orgId))).get();
      if (!unit) throw new Error('unit not in organization');
      return db
        .insert(employees)
        .values({ orgId, ...input, active: input.active ?? true })
        .returning()
        .get();
    },
    async get(orgId: number, id: number): Promise<Employee | undefined> {
      return db.select().from(employees).where(and(eq(employees.orgId, orgId), eq(employees.id, id))).get();
    },
    async list(orgId: number): Promise<Employee[]> {
      return db.select().from(employees).where(eq(employees.orgId, orgId)).orderBy(employees.id).all();
    },
    /** Active employees of a unit and the units below it — what a customer may pick. */
    async listActiveInUnit(orgId: number, unitId: number): Promise<PublicEmployee[]> {
      return activeInSubtree.all({ orgId, unitId });
    },
    /** The employee if active and within the unit's subtree of that organization; else undefined. */
    async findActiveInUnit(orgId: number, unitId: number, employeeId: number): Promise<PublicEmployee | undefined> {
      return oneActiveInSubtree.get({ orgId, unitId, employeeId });
    },
  };
}

export type EmployeeStore = ReturnType<typeof employeeStore>;
