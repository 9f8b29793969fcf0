import { and, eq, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cardTemplates, type TemplateDimension } from '../../db/schema.ts';

export type CardTemplate = typeof cardTemplates.$inferSelect;

export const DIMENSION_KEY = /^[a-z][a-z0-9_]{0,31}$/;

export function templateStore(db: Db) {
  return {
    /** Creates the next version of a named template (versions start at 1). */
    async createVersion(orgId: number, name: string, dimensions: TemplateDimension[]): Promise<CardTemplate> {
      const keys = new Set<string>();
      for (const d of dimensions) {
        if (!DIMENSION_KEY.test(d.key)) throw new Error(`invalid dimension key: ${d.key}`);
        if (keys.has(d.key)) throw new Error(`duplicate dimension key: ${d.key}`);
        keys.add(d.key);
      }
      return db.transaction(
        (tx) => {
          const row = tx
            .select({ v: max(cardTemplates.version) })
            .from(cardTemplates)
            .where(and(eq(cardTemplates.orgId, orgId), eq(cardTemplates.name, name)))
            .get();
          const version = (row?.v ?? 0) + 1;
          return tx.insert(cardTemplates).values({ orgId, name, version, dimensions }).returning().get();
        },
        { behavior: 'immediate' },
      );
    },
    async get(orgId: number, id: number): Promise<CardTemplate | undefined> {
      return db
        .select()
        .from(cardTemplates)
        .where(and(eq(cardTemplates.orgId, orgId), eq(cardTemplates.id, id)))
        .get();
    },
  };
}

export type TemplateStore = ReturnType<typeof templateStore>;
