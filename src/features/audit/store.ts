/**
 * The audit log: who changed what, when, with the state before and after. `record` is called
 * inside the same synchronous transaction as the write it describes.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type AuditEntry = typeof auditLog.$inferSelect;

export interface Actor {
  userId: number;
  orgId: number;
}

export function recordAudit(
  tx: Tx | Db,
  actor: Actor,
  entry: { action: string; entity: string; entityId?: string | number | null; before?: unknown; after?: unknown; at: Date },
): void {
  tx.insert(auditLog)
    .values({
      orgId: actor.orgId,
      actorUserId: actor.userId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      before: entry.before ?? null,
      after: entry.after ?? null,
      createdAt: entry.at,
    })
    .run();
}

export function auditStore(db: Db) {
  return {
    /** Newest first; `before` is an id cursor. */
    async list(orgId: number, opts: { limit: number; beforeId?: number | undefined }): Promise<AuditEntry[]> {
      return db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.orgId, orgId), opts.beforeId ? lt(auditLog.id, opts.beforeId) : undefined))
        .orderBy(desc(auditLog.id))
        .limit(opts.limit)
        .all();
    },
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
