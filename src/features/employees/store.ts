import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { employees, units } from '../../db/schema.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Scope } from '../auth/scope.ts';

export type Employee = typeof employees.$inferSelect;

/** What the administration API shows of an employee (and what the audit log records). */
export interface EmployeeView {
  id: number;
  employeeNo: string;
  displayName: string;
  fullName: string;
  unitId: number;
  active: boolean;
}

export const employeeView = (e: Employee): EmployeeView => ({
  id: e.id,
  employeeNo: e.employeeNo,
  displayName: e.displayName,
  fullName: e.fullName,
  unitId: e.unitId,
  active: e.active,
});

/** The fields an import row or a create carries. `active` undefined: true for a new employee, unchanged otherwise. */
export interface EmployeeUpsert {
  employeeNo: string;
  displayName: string;
  fullName: string;
  unitId: number;
  active?: boolean | undefined;
}

export type ImportOutcome = { line: number; employeeNo: string; employeeId: number; status: 'created' | 'updated' | 'unchanged' };

export const employeeNoConflict = () =>
  new AppError(409, 'conflict', 'An employee with this number exists already', [
    { path: 'employeeNo', message: 'is already used by another employee of this organization' },
  ]);

const unitNotInOrg = () => errors.invalid([{ path: 'unitId', message: 'is not a unit of this organization' }]);
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

  const byNo = db
    .select()
    .from(employees)
    .where(and(eq(employees.orgId, sql.placeholder('orgId')), eq(employees.employeeNo, sql.placeholder('employeeNo'))))
    .prepare();
  const unitOfOrg = db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, sql.placeholder('unitId')), eq(units.orgId, sql.placeholder('orgId'))))
    .prepare();

  const changedFields = (before: EmployeeView, after: EmployeeView) =>
    (['displayName', 'fullName', 'unitId', 'active'] as const).filter((k) => before[k] !== after[k]);

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

    // ── administration (audited) ──

    /**
     * Employees within a caller's scope, optionally narrowed to some units (already resolved to
     * a subtree by the caller) and to active or inactive ones.
     */
    async listInScope(scope: Scope, filter: { unitIds?: readonly number[] | undefined; active?: boolean | undefined } = {}): Promise<EmployeeView[]> {
      const unitIds =
        scope.unitIds === undefined ? filter.unitIds : filter.unitIds === undefined ? scope.unitIds : filter.unitIds.filter((u) => scope.unitIds!.includes(u));
      if (unitIds !== undefined && unitIds.length === 0) return [];
      return db
        .select()
        .from(employees)
        .where(
          and(
            eq(employees.orgId, scope.orgId),
            unitIds ? inArray(employees.unitId, [...unitIds]) : undefined,
            filter.active === undefined ? undefined : eq(employees.active, filter.active),
          ),
        )
        .orderBy(employees.id)
        .all()
        .map(employeeView);
    },

    async getInScope(scope: Scope, id: number): Promise<EmployeeView | undefined> {
      if (scope.unitIds !== undefined && scope.unitIds.length === 0) return undefined;
      const e = db
        .select()
        .from(employees)
        .where(and(eq(employees.orgId, scope.orgId), eq(employees.id, id), scope.unitIds ? inArray(employees.unitId, [...scope.unitIds]) : undefined))
        .get();
      return e ? employeeView(e) : undefined;
    },

    /** Creates an employee: a unit outside the organization is a 400, a number in use a 409. Audited. */
    async createAudited(orgId: number, input: EmployeeUpsert, audit: { actor: Actor; at: Date }): Promise<EmployeeView> {
      return db.transaction(
        (tx) => {
          if (!unitOfOrg.get({ unitId: input.unitId, orgId })) throw unitNotInOrg();
          if (byNo.get({ orgId, employeeNo: input.employeeNo })) throw employeeNoConflict();
          const e = employeeView(
            tx
              .insert(employees)
              .values({ orgId, ...input, active: input.active ?? true, createdAt: audit.at })
              .returning()
              .get(),
          );
          recordAudit(tx, audit.actor, { action: 'employee.create', entity: 'employee', entityId: e.id, after: e, at: audit.at });
          return e;
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Changes an employee's names, unit or active flag. Undefined when the employee is not in the
     * organization; a unit outside it is a 400. Nothing is written (or audited) when nothing
     * changes. `action` names the audit entry (`employee.update` by default).
     */
    async updateAudited(
      orgId: number,
      id: number,
      patch: { displayName?: string | undefined; fullName?: string | undefined; unitId?: number | undefined; active?: boolean | undefined },
      audit: { actor: Actor; at: Date; action?: string },
    ): Promise<EmployeeView | undefined> {
      return db.transaction(
        (tx) => {
          const row = tx.select().from(employees).where(and(eq(employees.orgId, orgId), eq(employees.id, id))).get();
          if (!row) return undefined;
          if (patch.unitId !== undefined && !unitOfOrg.get({ unitId: patch.unitId, orgId })) throw unitNotInOrg();
          const before = employeeView(row);
          const after: EmployeeView = {
            ...before,
            ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
            ...(patch.fullName !== undefined ? { fullName: patch.fullName } : {}),
            ...(patch.unitId !== undefined ? { unitId: patch.unitId } : {}),
            ...(patch.active !== undefined ? { active: patch.active } : {}),
          };
          if (changedFields(before, after).length === 0) return before;
          tx.update(employees)
            .set({ displayName: after.displayName, fullName: after.fullName, unitId: after.unitId, active: after.active })
            .where(eq(employees.id, id))
            .run();
          recordAudit(tx, audit.actor, { action: audit.action ?? 'employee.update', entity: 'employee', entityId: id, before, after, at: audit.at });
          return after;
        },
        { behavior: 'immediate' },
      );
    },

    /**
     * Applies validated import rows in ONE transaction: upsert by employee number within the
     * organization. Each created or updated employee gets its own audit entry (`employee.create`
     * / `employee.update`, before/after as for the single-employee routes), followed by one
     * `employee.import` entry with the counts and the rejected lines. Any failure rolls the whole
     * import back, audit entries included.
     *
     * The caller has checked every row (units of this organization, unique numbers in the file);
     * the unit is checked again here so a bad row can never be stored.
     */
    async importAudited(
      orgId: number,
      rows: readonly { line: number; input: EmployeeUpsert }[],
      audit: { actor: Actor; at: Date; rejected: readonly number[] },
    ): Promise<ImportOutcome[]> {
      return db.transaction(
        (tx) => {
          const out: ImportOutcome[] = [];
          const counts = { created: 0, updated: 0, unchanged: 0 };
          for (const { line, input } of rows) {
            if (!unitOfOrg.get({ unitId: input.unitId, orgId })) throw new Error(`import line ${line}: unit ${input.unitId} is not in organization ${orgId}`);
            const existing = byNo.get({ orgId, employeeNo: input.employeeNo });
            if (!existing) {
              const e = employeeView(
                tx
                  .insert(employees)
                  .values({ orgId, ...input, active: input.active ?? true, createdAt: audit.at })
                  .returning()
                  .get(),
              );
              recordAudit(tx, audit.actor, { action: 'employee.create', entity: 'employee', entityId: e.id, after: e, at: audit.at });
              out.push({ line, employeeNo: e.employeeNo, employeeId: e.id, status: 'created' });
              counts.created++;
              continue;
            }
            const before = employeeView(existing);
            const after: EmployeeView = {
              ...before,
              displayName: input.displayName,
              fullName: input.fullName,
              unitId: input.unitId,
              active: input.active ?? before.active,
            };
            if (changedFields(before, after).length === 0) {
              out.push({ line, employeeNo: before.employeeNo, employeeId: before.id, status: 'unchanged' });
              counts.unchanged++;
              continue;
            }
            tx.update(employees)
              .set({ displayName: after.displayName, fullName: after.fullName, unitId: after.unitId, active: after.active })
              .where(eq(employees.id, before.id))
              .run();
            recordAudit(tx, audit.actor, {
              action: 'employee.update',
              entity: 'employee',
              entityId: before.id,
              before,
              after,
              at: audit.at,
            });
            out.push({ line, employeeNo: before.employeeNo, employeeId: before.id, status: 'updated' });
            counts.updated++;
          }
          // The summary goes last, once the counts are known; the entries it sums up are the ones
          // just before it with the same actor and time.
          recordAudit(tx, audit.actor, {
            action: 'employee.import',
            entity: 'employee',
            entityId: null,
            after: { ...counts, rejected: audit.rejected.length, rejectedLines: audit.rejected },
            at: audit.at,
          });
          return out;
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type EmployeeStore = ReturnType<typeof employeeStore>;
