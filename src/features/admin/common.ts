/** Shared pieces of the administration routes. */
import type { Context } from 'hono';
import type { AppEnv, Stores } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { authOf, requireAuth } from '../auth/middleware.ts';
import { actorOf } from '../auth/scope.ts';

export type AdminDeps = { config: Config; clock: Clock; db: Db } & Stores;
export type AdminContext = Context<AppEnv>;

/** Admins and supervisors (reads within the supervisor's units). */
export const managers = requireAuth({ roles: ['admin', 'supervisor'] });
/** Admins only (every write, users, audit). */
export const admins = requireAuth({ roles: ['admin'] });

export { idParam, readQuery } from '../../lib/http.ts';

/** Who and when, for the audit entry written with the change. */
export const auditOf = (c: Context, deps: { clock: Clock }) => ({ actor: actorOf(authOf(c)), at: deps.clock.now() });
