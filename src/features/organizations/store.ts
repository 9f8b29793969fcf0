import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, units, type Locale, type UnitKind } from '../../db/schema.ts';
import { errors } from '../../lib/errors.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Scope } from '../auth/scope.ts';

export type Organization = typeof organizations.$inferSelect;
export type Unit = typeof units.$inferSelect;
/** What the API shows of a unit (and what the audit log records). */
export interface UnitView {
  id: number;
  name: string;
  kind: UnitKind;
  parentId: number | null;
}

export const unitView = (u: Unit): UnitView => ({ id: u.id, name: u.name, kind: u.kind, parentId: u.parentId });

export function organizationStore(db: Db) {
  const subtree = db.$client.prepare<{ unitId: number; orgId: number }, { id: number }>(
    `WITH RECURSIVE sub(id) AS (
       SELECT id FROM units WHERE id = @unitId AND org_id = @orgId
       UNION ALL
       SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
     ) SELECT id FROM sub`,
  );
  return {
    async create(input: { slug: string; name: string; timeZone: string; defaultLocale: Locale }): Promise<Organization> {
      assertTimeZone(input.timeZone);
      return db.insert(organizations).values(input).returning().get();
    },
    async get(id: number): Promise<Organization | undefined> {
      return db.select().from(organizations).where(eq(organizations.id, id)).get();
    },
    async getBySlug(slug: string): Promise<Organization | undefined> {
      return db.select().from(organizations).where(eq(organizations.slug, slug)).get();
    },
    async createUnit(orgId: number, input: { name: string; kind: UnitKind; parentId?: number | null }): Promise<Unit> {
      if (input.parentId != null) {
        const parent = db.select().from(units).where(eq(units.id, input.parentId)).get();
        if (!parent || parent.orgId !== orgId) throw new Error('parent unit not in organization');
      }
      return db
        .insert(units)
        .values({ orgId, name: input.name, kind: input.kind, parentId: input.parentId ?? null })
        .returning()
        .get();
    },
    async listUnits(orgId: number): Promise<Unit[]> {
      return db.select().from(units).where(eq(units.orgId, orgId)).all();
    },
    /** The unit and every unit below it, within the organization. */
    async unitSubtree(orgId: number, unitId: number): Promise<number[]> {
      return subtree.all({ unitId, orgId }).map((r) => r.id);
    },

    // ── administration (audited) ──

    /** Units within a caller's scope (admins: the whole organization; supervisors: their subtree). */
    async listUnitsInScope(scope: Scope): Promise<UnitView[]> {
      if (scope.unitIds !== undefined && scope.unitIds.length === 0) return [];
      return db
        .select()
        .from(units)
        .where(and(eq(units.orgId, scope.orgId), scope.unitIds ? inArray(units.id, [...scope.unitIds]) : undefined))
        .orderBy(units.id)
        .all()
        .map(unitView);
    },

    async getUnit(orgId: number, id: number): Promise<UnitView | undefined> {
      const u = db.select().from(units).where(and(eq(units.orgId, orgId), eq(units.id, id))).get();
      return u ? unitView(u) : undefined;
    },

    /** Creates a unit; a parent outside the organization is a 400 on `parentId`. Audited. */
    async createUnitAudited(
      orgId: number,
      input: { name: string; kind: UnitKind; parentId?: number | null },
      audit: { actor: Actor; at: Date },
    ): Promise<UnitView> {
      return db.transaction((tx) => {
        if (input.parentId != null) {
          const parent = tx.select().from(units).where(and(eq(units.id, input.parentId), eq(units.orgId, orgId))).get();
          if (!parent) throw errors.invalid([{ path: 'parentId', message: 'is not a unit of this organization' }]);
        }
        const unit = unitView(
          tx
            .insert(units)
            .values({ orgId, name: input.name, kind: input.kind, parentId: input.parentId ?? null, createdAt: audit.at })
            .returning()
            .get(),
        );
        recordAudit(tx, audit.actor, { action: 'unit.create', entity: 'unit', entityId: unit.id, after: unit, at: audit.at });
        return unit;
      });
    },

    /**
     * Renames and/or moves a unit (`parentId: null` makes it a root). A parent outside the
     * organization, the unit itself or one of its descendants is refused (400 on `parentId`).
     * Undefined when the unit is not in the organization. Nothing is written (or audited) when
     * nothing changes.
     */
    async updateUnit(
      orgId: number,
      id: number,
      patch: { name?: string | undefined; parentId?: number | null | undefined },
      audit: { actor: Actor; at: Date },
    ): Promise<UnitView | undefined> {
      return db.transaction(
        (tx) => {
          const row = tx.select().from(units).where(and(eq(units.orgId, orgId), eq(units.id, id))).get();
          if (!row) return undefined;
          const before = unitView(row);
          if (patch.parentId != null && patch.parentId !== before.parentId) {
            const parent = tx.select().from(units).where(and(eq(units.id, patch.parentId), eq(units.orgId, orgId))).get();
            if (!parent) throw errors.invalid([{ path: 'parentId', message: 'is not a unit of this organization' }]);
            const below = subtree.all({ unitId: id, orgId }).map((r) => r.id);
            if (below.includes(patch.parentId)) {
              throw errors.invalid([
                {
                  path: 'parentId',
                  message: patch.parentId === id ? 'a unit cannot be its own parent' : 'is below this unit: the move would create a cycle',
                },
              ]);
            }
          }
          const after: UnitView = {
            ...before,
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.parentId !== undefined ? { parentId: patch.parentId } : {}),
          };
          if (after.name === before.name && after.parentId === before.parentId) return before;
          tx.update(units).set({ name: after.name, parentId: after.parentId }).where(eq(units.id, id)).run();
          recordAudit(tx, audit.actor, { action: 'unit.update', entity: 'unit', entityId: id, before, after, at: audit.at });
          return after;
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type OrganizationStore = ReturnType<typeof organizationStore>;

export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new Error(`unknown time zone: ${tz}`);
  }
}
