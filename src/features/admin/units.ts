/** `GET/POST /api/v1/units`, `PATCH /api/v1/units/:id`. */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { errors } from '../../lib/errors.ts';
import { readJson } from '../../lib/http.ts';
import { authOf } from '../auth/middleware.ts';
import { scopeOf } from '../auth/scope.ts';
import { admins, auditOf, idParam, managers, type AdminDeps } from './common.ts';
import { CreateUnitSchema, UpdateUnitSchema } from './schemas.ts';

export function unitRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/units', managers, async (c) => {
    return c.json({ items: await deps.organizations.listUnitsInScope(scopeOf(authOf(c))) });
  });

  app.post('/api/v1/units', admins, async (c) => {
    const input = await readJson(c, CreateUnitSchema);
    const unit = await deps.organizations.createUnitAudited(authOf(c).orgId, input, auditOf(c, deps));
    return c.json(unit, 201);
  });

  app.patch('/api/v1/units/:id', admins, async (c) => {
    const id = idParam(c);
    const patch = await readJson(c, UpdateUnitSchema);
    const unit = await deps.organizations.updateUnit(authOf(c).orgId, id, patch, auditOf(c, deps));
    if (!unit) throw errors.notFound();
    return c.json(unit);
  });

  return app;
}
