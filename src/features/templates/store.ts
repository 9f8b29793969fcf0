import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cardTemplates, type TemplateDimension } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/store.ts';

export type CardTemplate = typeof cardTemplates.$inferSelect;

/** A template version as the administration API lists it. */
export interface TemplateView {
  id: number;
  name: string;
  version: number;
  dimensions: TemplateDimension[];
  /** Some card uses this version: it can never change (a new version is made instead). */
  inUse: boolean;
  createdAt: Date;
}

export const DIMENSION_KEY = /^[a-z][a-z0-9_]{0,31}$/;

export function templateStore(db: Db) {
  function checkDimensions(dimensions: TemplateDimension[]) {
    const keys = new Set<string>();
    for (const d of dimensions) {
      if (!DIMENSION_KEY.test(d.key)) throw new Error(`invalid dimension key: ${d.key}`);
      if (keys.has(d.key)) throw new Error(`duplicate dimension key: ${d.key}`);
      keys.add(d.key);
    }
  }

  function insertVersion(
    orgId: number,
    name: string,
    dimensions: TemplateDimension[],
    audit?: { actor: Actor; at: Date },
  ): CardTemplate {
    checkDimensions(dimensions);
    return db.transaction(
      (tx) => {
        const row = tx
          .select({ v: max(cardTemplates.version) })
          .from(cardTemplates)
          .where(and(eq(cardTemplates.orgId, orgId), eq(cardTemplates.name, name)))
          .get();
        const version = (row?.v ?? 0) + 1;
        const tpl = tx
          .insert(cardTemplates)
          .values({ orgId, name, version, dimensions, ...(audit ? { createdAt: audit.at } : {}) })
          .returning()
          .get();
        if (audit) {
          recordAudit(tx, audit.actor, {
            action: 'template.create_version',
            entity: 'card_template',
            entityId: tpl.id,
            after: { id: tpl.id, name: tpl.name, version: tpl.version, dimensions: tpl.dimensions },
            at: audit.at,
          });
        }
        return tpl;
      },
      { behavior: 'immediate' },
    );
  }

  return {
    /** Creates the next version of a named template (versions start at 1). */
    async createVersion(orgId: number, name: string, dimensions: TemplateDimension[]): Promise<CardTemplate> {
      return insertVersion(orgId, name, dimensions);
    },
    /** The same, audited in the same transaction (administration API). */
    async createVersionAudited(orgId: number, name: string, dimensions: TemplateDimension[], audit: { actor: Actor; at: Date }): Promise<CardTemplate> {
      return insertVersion(orgId, name, dimensions, audit);
    },
    async get(orgId: number, id: number): Promise<CardTemplate | undefined> {
      return db
        .select()
        .from(cardTemplates)
        .where(and(eq(cardTemplates.orgId, orgId), eq(cardTemplates.id, id)))
        .get();
    },
    /** Every version of every template of the organization, by name then version. */
    async list(orgId: number): Promise<TemplateView[]> {
      return db
        .select({
          id: cardTemplates.id,
          name: cardTemplates.name,
          version: cardTemplates.version,
          dimensions: cardTemplates.dimensions,
          // Qualified by hand: drizzle renders a lone column unqualified, which the subquery would
          // resolve against comment_cards.id.
          inUse: sql<number>`EXISTS (SELECT 1 FROM comment_cards c WHERE c.template_id = card_templates.id)`.mapWith(Boolean),
          createdAt: cardTemplates.createdAt,
        })
        .from(cardTemplates)
        .where(eq(cardTemplates.orgId, orgId))
        .orderBy(asc(cardTemplates.name), asc(cardTemplates.version))
        .all();
    },
  };
}

export type TemplateStore = ReturnType<typeof templateStore>;
