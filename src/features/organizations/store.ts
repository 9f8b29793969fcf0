import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organizations, units, type Locale, type UnitKind } from '../../db/schema.ts';

export type Organization = typeof organizations.$inferSelect;
export type Unit = typeof units.$inferSelect;

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
