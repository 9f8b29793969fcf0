/** `GET /api/v1/audit?limit=&before=`: the organization's audit log, newest first. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { authOf } from '../auth/middleware.ts';
import { admins, readQuery, type AdminDeps } from './common.ts';
import { AUDIT_LIMIT_DEFAULT, AuditQuerySchema } from './schemas.ts';

export function auditRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/audit', admins, async (c) => {
    const q = readQuery(c, AuditQuerySchema);
    const limit = q.limit ?? AUDIT_LIMIT_DEFAULT;
    // One more than asked tells whether there is a next page.
    const rows = await deps.audit.list(authOf(c).orgId, { limit: limit + 1, beforeId: q.before });
    const page = rows.slice(0, limit);
    return c.json({
      items: page.map((e) => ({
        id: e.id,
        actorUserId: e.actorUserId,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        before: e.before,
        after: e.after,
        createdAt: e.createdAt.toISOString(),
      })),
      nextCursor: rows.length > limit ? page.at(-1)!.id : null,
    });
  });

  return app;
}
