/**
 * The administration API under /api/v1: units, employees (with CSV import), templates, users and
 * the audit log. Admins manage; supervisors may read units and employees within their units, and
 * templates; staff get 403. Every write is audited in the same transaction as the write.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import { auditRoutes } from './audit.ts';
import type { AdminDeps } from './common.ts';
import { employeeRoutes } from './employees.ts';
import { templateRoutes } from './templates.ts';
import { unitRoutes } from './units.ts';
import { userRoutes } from './users.ts';

export type { AdminDeps } from './common.ts';
export { EMPLOYEE_IMPORT_PATH, IMPORT_MAX_BYTES } from './employees.ts';

export function adminRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();
  app.route('/', unitRoutes(deps));
  app.route('/', employeeRoutes(deps));
  app.route('/', templateRoutes(deps));
  app.route('/', userRoutes(deps));
  app.route('/', auditRoutes(deps));
  return app;
}
