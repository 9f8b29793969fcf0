/**
 * `GET/POST /api/v1/templates`. Templates are versioned: a POST makes the next version of the
 * named template. There is no PATCH: a version that a card used can never change (a trigger in
 * the database refuses it too), so a change is always a new version.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { readJson } from '../../lib/http.ts';
import { authOf } from '../auth/middleware.ts';
import type { TemplateView } from '../templates/store.ts';
import { admins, auditOf, managers, type AdminDeps } from './common.ts';
import { CreateTemplateSchema } from './schemas.ts';

const view = (t: TemplateView) => ({
  id: t.id,
  name: t.name,
  version: t.version,
  dimensions: t.dimensions,
  inUse: t.inUse,
  createdAt: t.createdAt.toISOString(),
});

export function templateRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/templates', managers, async (c) => {
    return c.json({ items: (await deps.templates.list(authOf(c).orgId)).map(view) });
  });

  app.post('/api/v1/templates', admins, async (c) => {
    const input = await readJson(c, CreateTemplateSchema);
    const t = await deps.templates.createVersionAudited(authOf(c).orgId, input.name, input.dimensions, auditOf(c, deps));
    return c.json(view({ ...t, inUse: false }), 201);
  });

  return app;
}
