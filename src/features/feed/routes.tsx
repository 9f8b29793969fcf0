/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import type { AppEnv, Stores } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';

export type FeedDeps = { config: Config; clock: Clock } & Stores;

/** Staff feed (`/api/v1/me/feed`, `/me`) and the praise wall (`/api/v1/wall`, `/wall`). */
export function feedRoutes(_deps: FeedDeps) {
  const app = new Hono<AppEnv>();
  return app;
}
