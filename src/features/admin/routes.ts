import { Hono } from 'hono';
import type { AppEnv, Stores } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';

export type AdminDeps = { config: Config; clock: Clock; db: Db } & Stores;

/** The administration API: units, employees (with CSV import), templates, users, audit. */
export function adminRoutes(_deps: AdminDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
