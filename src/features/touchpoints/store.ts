import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  cardTemplates,
  employees,
  organizations,
  retiredTouchpointCodes,
  touchpoints,
  units,
  type Locale,
  type TemplateDimension,
} from '../../db/schema.ts';
import { errors } from '../../lib/errors.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Scope } from '../auth/scope.ts';
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

  const retired = db
    .select({ touchpointId: retiredTouchpointCodes.touchpointId, expiresAt: retiredTouchpointCodes.expiresAt, current: touchpoints.code })
    .from(retiredTouchpointCodes)
    .innerJoin(touchpoints, eq(touchpoints.id, retiredTouchpointCodes.touchpointId))
    .where(eq(retiredTouchpointCodes.code, sql.placeholder('code')))
    .prepare();

  function listQuery(where: SQL | undefined): TouchpointListItem[] {
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
      .where(where)
      .orderBy(touchpoints.id)
      .all();
  }

  function toContext(row: NonNullable<ReturnType<typeof byCode.get>>): TouchpointContext {
    const { employeeId, employeeName, ...rest } = row;
    return {
      ...rest,
      employee: employeeId != null && employeeName != null ? { id: employeeId, displayName: employeeName } : null,
    };
  }

  return {
    async create(
      orgId: number,
      input: { unitId: number; templateId: number; name: string; employeeId?: number | null; active?: boolean },
      audit?: { actor: Actor; now: Date },
    ): Promise<Touchpoint> {
      const unit = db.select().from(units).where(and(eq(units.id, input.unitId), eq(units.orgId, orgId))).get();
      if (!unit) throw errors.invalid([{ path: 'unitId', message: 'is not a unit of this organization' }]);
      const tpl = db
        .select()
        .from(cardTemplates)
        .where(and(eq(cardTemplates.id, input.templateId), eq(cardTemplates.orgId, orgId)))
        .get();
      if (!tpl) throw errors.invalid([{ path: 'templateId', message: 'is not a template of this organization' }]);
      if (input.employeeId != null) {
        const emp = db
          .select()
          .from(employees)
          .where(and(eq(employees.id, input.employeeId), eq(employees.orgId, orgId)))
          .get();
        if (!emp) throw errors.invalid([{ path: 'employeeId', message: 'is not an employee of this organization' }]);
      }
      return db.transaction((tx) => {
        const tp = tx
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
        if (audit) recordAudit(tx, audit.actor, { action: 'touchpoint.create', entity: 'touchpoint', entityId: tp.id, after: tp, at: audit.now });
        return tp;
      });
    },

    /** The active touchpoint with this public code, or undefined (unknown, malformed or inactive). */
    async findActiveByCode(code: string): Promise<TouchpointContext | undefined> {
      if (!TOUCHPOINT_CODE.test(code)) return undefined;
      const row = byCode.get({ code });
      return row ? toContext(row) : undefined;
    },

    /**
     * Resolves a code a customer scanned: the current code of an active touchpoint, or a code
     * retired by a rotation that is still within its grace period (resolving to the touchpoint,
     * whose `code` is then the current one). A retired code past its grace period is 'gone'.
     */
    async resolveCode(code: string, now: Date): Promise<TouchpointContext | 'gone' | undefined> {
      if (!TOUCHPOINT_CODE.test(code)) return undefined;
      const row = byCode.get({ code });
      if (row) return toContext(row);
      const old = retired.get({ code });
      if (!old) return undefined;
      if (old.expiresAt.getTime() <= now.getTime()) return 'gone';
      const current = byCode.get({ code: old.current });
      return current ? toContext(current) : undefined;
    },

    /** Replaces the public code; the old one keeps working for `graceDays`, then answers 410. */
    async rotateCode(
      orgId: number,
      id: number,
      opts: { graceDays: number; actor: Actor; now: Date },
    ): Promise<{ code: string; previousCode: string; previousCodeExpiresAt: Date } | undefined> {
      return db.transaction((tx) => {
        const tp = tx.select().from(touchpoints).where(and(eq(touchpoints.orgId, orgId), eq(touchpoints.id, id))).get();
        if (!tp) return undefined;
        const expiresAt = new Date(opts.now.getTime() + opts.graceDays * 86_400_000);
        const code = generateTouchpointCode();
        tx.insert(retiredTouchpointCodes).values({ code: tp.code, touchpointId: tp.id, orgId, retiredAt: opts.now, expiresAt }).run();
        tx.update(touchpoints).set({ code }).where(eq(touchpoints.id, tp.id)).run();
        recordAudit(tx, opts.actor, {
          action: 'touchpoint.rotate_code',
          entity: 'touchpoint',
          entityId: tp.id,
          before: { code: tp.code },
          after: { code, previousCodeExpiresAt: expiresAt.toISOString() },
          at: opts.now,
        });
        return { code, previousCode: tp.code, previousCodeExpiresAt: expiresAt };
      });
    },

    /** Touchpoints within a caller's scope (admins: all; supervisors: their units). */
    async listInScope(scope: Scope): Promise<TouchpointListItem[]> {
      if (scope.unitIds !== undefined && scope.unitIds.length === 0) return [];
      return listQuery(
        and(eq(touchpoints.orgId, scope.orgId), scope.unitIds ? inArray(touchpoints.unitId, [...scope.unitIds]) : undefined),
      );
    },

    async getInScope(scope: Scope, id: number): Promise<TouchpointListItem | undefined> {
      if (scope.unitIds !== undefined && scope.unitIds.length === 0) return undefined;
      return listQuery(
        and(
          eq(touchpoints.orgId, scope.orgId),
          eq(touchpoints.id, id),
          scope.unitIds ? inArray(touchpoints.unitId, [...scope.unitIds]) : undefined,
        ),
      )[0];
    },

    async list(orgId: number): Promise<TouchpointListItem[]> {
      return listQuery(eq(touchpoints.orgId, orgId));
    },

    async setActive(orgId: number, id: number, active: boolean, audit?: { actor: Actor; now: Date }): Promise<boolean> {
      return db.transaction((tx) => {
        const before = tx.select().from(touchpoints).where(and(eq(touchpoints.orgId, orgId), eq(touchpoints.id, id))).get();
        if (!before) return false;
        tx.update(touchpoints).set({ active }).where(eq(touchpoints.id, id)).run();
        if (audit) {
          recordAudit(tx, audit.actor, {
            action: active ? 'touchpoint.activate' : 'touchpoint.deactivate',
            entity: 'touchpoint',
            entityId: id,
            before: { active: before.active },
            after: { active },
            at: audit.now,
          });
        }
        return true;
      });
    },
  };
}

export type TouchpointStore = ReturnType<typeof touchpointStore>;
