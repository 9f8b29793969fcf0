/**
 * `GET/POST /api/v1/users`, `POST /api/v1/users/:id/reset-password`, `POST /api/v1/users/:id/deactivate`
 * (admins only). Password hashes are never answered; a password is answered exactly once, by a
 * reset.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { readJson } from '../../lib/http.ts';
import { authOf } from '../auth/middleware.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { CreateUserSchema, ResetPasswordSchema } from '../auth/schemas.ts';
import { UserInputError, type PublicUser } from '../auth/store.ts';
import { admins, auditOf, idParam, type AdminContext, type AdminDeps } from './common.ts';

const view = (u: PublicUser) => ({
  id: u.id,
  email: u.email,
  role: u.role,
  employeeId: u.employeeId,
  unitIds: u.unitIds,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

/** The reset body is optional: no body at all means "generate one". */
async function readResetBody(c: AdminContext) {
  if (c.req.header('content-type') === undefined && (await c.req.text()) === '') return {};
  return readJson(c, ResetPasswordSchema);
}

export function userRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/users', admins, async (c) => {
    return c.json({ items: (await deps.users.list(authOf(c).orgId)).map(view) });
  });

  app.post('/api/v1/users', admins, async (c) => {
    const input = await readJson(c, CreateUserSchema);
    const { password, ...rest } = input;
    try {
      const user = await deps.users.create(authOf(c).orgId, { ...rest, passwordHash: await hashPassword(password) }, auditOf(c, deps));
      return c.json(view(user), 201);
    } catch (err) {
      if (err instanceof UserInputError) throw errors.invalid([{ path: err.path, message: err.message }]);
      throw err;
    }
  });

  app.post('/api/v1/users/:id/reset-password', admins, async (c) => {
    const id = idParam(c);
    const input = await readResetBody(c);
    const orgId = authOf(c).orgId;
    if (!(await deps.users.get(orgId, id))) throw errors.notFound();
    const password = input.password ?? generatePassword();
    const ok = await deps.users.setPassword(orgId, id, await hashPassword(password), auditOf(c, deps));
    if (!ok) throw errors.notFound();
    c.header('Cache-Control', 'no-store');
    return c.json({ password });
  });

  app.post('/api/v1/users/:id/deactivate', admins, async (c) => {
    const id = idParam(c);
    const auth = authOf(c);
    if (id === auth.userId && (await deps.users.get(auth.orgId, id))) {
      throw new AppError(409, 'conflict', 'You cannot deactivate your own account: ask another admin');
    }
    const user = await deps.users.deactivate(auth.orgId, id, auditOf(c, deps));
    if (!user) throw errors.notFound();
    return c.json(view(user));
  });

  return app;
}
