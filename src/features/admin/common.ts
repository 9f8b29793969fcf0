/** Shared pieces of the administration routes. */
import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv, Stores } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { AppError, errors, toIssues } from '../../lib/errors.ts';
import { authOf, requireAuth } from '../auth/middleware.ts';
import { actorOf } from '../auth/scope.ts';

export type AdminDeps = { config: Config; clock: Clock; db: Db } & Stores;
export type AdminContext = Context<AppEnv>;

/** Admins and supervisors (reads within the supervisor's units). */
export const managers = requireAuth({ roles: ['admin', 'supervisor'] });
/** Admins only (every write, users, audit). */
export const admins = requireAuth({ roles: ['admin'] });

/** The `:id` path parameter; anything but a positive whole number is simply not found. */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw errors.notFound();
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw errors.notFound();
  return id;
}

export function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const parsed = v.safeParse(schema, c.req.query());
  if (!parsed.success) throw new AppError(400, 'invalid_query', 'The query is invalid', toIssues(parsed.issues));
  return parsed.output;
}

/** Who and when, for the audit entry written with the change. */
export const auditOf = (c: Context, deps: { clock: Clock }) => ({ actor: actorOf(authOf(c)), at: deps.clock.now() });
