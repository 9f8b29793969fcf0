import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  cardTemplates,
  employees,
  organizations,
  touchpoints,
  units,
  type Locale,
  type TemplateDimension,
} from '../../db/schema.ts';
import { generateTouchpointCode, TOUCHPOINT_CODE } from './code.ts';

export type Touchpoint = typeof touchpoints.$inferSelect;

/** Everything a customer page or submission needs about a touchpoint, from one look-up. */
export interface TouchpointContext {
  id: number;
  code: string;
  name: string;
  orgId: number;
  orgName: string;
  orgDefaultLocale: Locale;
  orgTimeZone: string;
  unitId: number;
  unitName: string;
  templateId: number;
  dimensions: TemplateDimension[];
  employee: { id: number; displayName: string } | null;
}

export interface TouchpointListItem {
  id: number;
  code: string;
  name: string;
  active: boolean;
  unitId: number;
  unitName: string;
  employeeId: number | null;
  employeeName: string | null;
}

export function touchpointStore(db: Db) {
  const byCode = db
    .select({
      id: touchpoints.id,
      code: touchpoints.code,
      name: touchpoints.name,
      orgId: touchpoints.orgId,
      orgName: organizations.name,
      orgDefaultLocale: organizations.defaultLocale,
      orgTimeZone: organizations.timeZone,
      unitId: touchpoints.unitId,
      unitName: units.name,
      templateId: touchpoints.templateId,
      dimensions: cardTemplates.dimensions,
      employeeId: employees.id,
      employeeName: employees.displayName,
    })
    .from(touchpoints)
    .innerJoin(organizations, eq(organizations.id, touchpoints.orgId))
    .innerJoin(units, eq(units.id, touchpoints.unitId))
    .innerJoin(cardTemplates, eq(cardTemplates.id, touchpoints.templateId))
    // A bound employee who was deactivated is not named to customers.
    .leftJoin(employees, and(eq(employees.id, touchpoints.employeeId), eq(employees.active, true)))
    .where(and(eq(touchpoints.code, sql.placeholder('code')), eq(touchpoints.active, true)))
    .prepare();

  return {
    async create(
      orgId: number,
      input: { unitId: number; templateId: number; name: string; employeeId?: number | null; active?: boolean },
    ): Promise<Touchpoint> {
      const unit = db.select().from(units).where(and(eq(units.id, input.unitId), eq(units.orgId, orgId))).get();
      if (!unit) throw new Error('unit not in organization');
      const tpl = db
        .select()
        .from(cardTemplates)
        .where(and(eq(cardTemplates.id, input.templateId), eq(cardTemplates.orgId, orgId)))
        .get();
      if (!tpl) throw new Error('template not in organization');
      if (input.employeeId != null) {
        const emp = db
          .select()
          .from(employees)
          .where(and(eq(employees.id, input.employeeId), eq(employees.orgId, orgId)))
          .get();
        if (!emp) throw new Error('employee not in organization');
      }
      return db
        .insert(touchpoints)
        .values({
          orgId,
          unitId: input.unitId,
          templateId: input.templateId,
          name: input.name,
          employeeId: input.employeeId ?? null,
          active: input.active ?? true,
          code: generateTouchpointCode(),
        })
        .returning()
        .get();
    },

    /** The active touchpoint with this public code, or undefined (unknown, malformed or inactive). */
    async findActiveByCode(code: string): Promise<TouchpointContext | undefined> {
      if (!TOUCHPOINT_CODE.test(code)) return undefined;
      const row = byCode.get({ code });
      if (!row) return undefined;
      const { employeeId, employeeName, ...rest } = row;
      return {
        ...rest,
        employee: employeeId != null && employeeName != null ? { id: employeeId, displayName: employeeName } : null,
      };
    },

    async list(orgId: number): Promise<TouchpointListItem[]> {
      return db
        .select({
          id: touchpoints.id,
          code: touchpoints.code,
          name: touchpoints.name,
          active: touchpoints.active,
          unitId: touchpoints.unitId,
          unitName: units.name,
          employeeId: touchpoints.employeeId,
          employeeName: employees.displayName,
        })
        .from(touchpoints)
        .innerJoin(units, eq(units.id, touchpoints.unitId))
        .leftJoin(employees, eq(employees.id, touchpoints.employeeId))
        .where(eq(touchpoints.orgId, orgId))
        .orderBy(touchpoints.id)
        .all();
    },

    async setActive(orgId: number, id: number, active: boolean): Promise<boolean> {
      const res = db
        .update(touchpoints)
        .set({ active })
        .where(and(eq(touchpoints.orgId, orgId), eq(touchpoints.id, id)))
        .run();
      return res.changes > 0;
    },
  };
}

export type TouchpointStore = ReturnType<typeof touchpointStore>;
